// A real OpenID Connect provider (the maintained `oidc-provider` package) on loopback, for the sign-in browser
// test: `node provider.js CONFIG.json`. The JSON names the port, the clients and the accounts:
//   {"port": 9000, "clients": [{client_id, client_secret, redirect_uris: [...]}],
//    "accounts": {"alice": {"email": "...", "name": "..."}}, "cookie_keys": ["..."]}
// Sign-in uses the package's development interactions: a login form (the login name is the account id; any
// password) and a consent screen. Only accounts in the JSON exist. Prints "oidc: ready <issuer>" when listening.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;

const provider = new Provider(issuer, {
  clients: config.clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  async findAccount(ctx, id) {
    const account = config.accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: account.email, email_verified: true, name: account.name };
      },
    };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // Put the claims in the ID token too (Streamlit's st.user reads the ID token and userinfo).
  conformIdTokenClaims: false,
  cookies: { keys: config.cookie_keys },
  features: { devInteractions: { enabled: true } },
});

provider.listen(config.port, '127.0.0.1', () => console.log(`oidc: ready ${issuer}`));

"""Generate pii_names_addresses.jsonl (hand-written records, validated here).

Written by a helper session that saw no detector code or product data.
Conventions:
  * PERSON values exclude honorifics/ranks (Dr, Mr, Ms, Professor, Sir, Councillor, DS ...)
    and possessive "'s"; they include the full name as written (incl. casing/diacritics).
  * ADDRESS values cover the whole postal address span as written (flat/unit number through
    postcode if present), including embedded newlines for multi-line addresses.
  * Records with "entities": [] are hard negatives (organisations, places, products,
    job titles, roads in traffic context, institutions named after people).
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
P, A = "PERSON", "ADDRESS"

R = [
    # ---- names in running prose, no titles or labels
    ("Priya Natarajan reviewed the model card before it went to the assurance board.", [(P, "Priya Natarajan")]),
    ("The ticket was raised by Tomasz Wójcik and closed by Aoife Byrne two days later.", [(P, "Tomasz Wójcik"), (P, "Aoife Byrne")]),
    ("After the outage, Oluwaseun Adeyemi wrote the incident summary and Hiroshi Tanaka checked the timeline.", [(P, "Oluwaseun Adeyemi"), (P, "Hiroshi Tanaka")]),
    ("Siobhán Ní Bhriain will lead the user research sessions in Galway next month.", [(P, "Siobhán Ní Bhriain")]),
    ("According to the rota, Mohammed Al-Rashid is on call this weekend.", [(P, "Mohammed Al-Rashid")]),
    ("Wei Zhang and Li Na Chen paired on the retrieval refactor.", [(P, "Wei Zhang"), (P, "Li Na Chen")]),
    ("We are grateful to Gareth Llewellyn for checking the Welsh translations.", [(P, "Gareth Llewellyn")]),
    ("Feedback from Agnieszka Kowalczyk suggested the consent screen was confusing.", [(P, "Agnieszka Kowalczyk")]),
    ("The dataset was curated by Chukwuemeka Obi, with labelling support from Fatima Bello.", [(P, "Chukwuemeka Obi"), (P, "Fatima Bello")]),
    ("Ewan MacLeod flagged a drift in the precision metric on Tuesday.", [(P, "Ewan MacLeod")]),
    ("Nguyễn Thị Mai presented the fairness analysis to the steering group.", [(P, "Nguyễn Thị Mai")]),
    ("Questions about the contract should go to Rajesh Kumar Sharma in procurement.", [(P, "Rajesh Kumar Sharma")]),
    ("Kateryna Shevchenko and Dmitri Volkov co-authored the threat model.", [(P, "Kateryna Shevchenko"), (P, "Dmitri Volkov")]),
    ("The pull request from Yuki Nakamura was merged after a review by Connor O'Sullivan.", [(P, "Yuki Nakamura"), (P, "Connor O'Sullivan")]),
    ("Layla Haddad has replaced Tom Fletcher as delivery manager.", [(P, "Layla Haddad"), (P, "Tom Fletcher")]),
    ("A complaint from Kwame Mensah was escalated to the service owner.", [(P, "Kwame Mensah")]),
    ("Meera Pillai's notebook contains the original baseline experiments.", [(P, "Meera Pillai")]),
    ("The interview with Bogdan Popescu lasted forty minutes and was transcribed the same day.", [(P, "Bogdan Popescu")]),
    ("Seo-yeon Park, Arjun Mehta and Niamh Gallagher joined the team in March.", [(P, "Seo-yeon Park"), (P, "Arjun Mehta"), (P, "Niamh Gallagher")]),
    ("Emails from Abdullahi Yusuf were forwarded to the shared mailbox.", [(P, "Abdullahi Yusuf")]),
    ("Jakub Nowak asked whether the embeddings could be regenerated overnight.", [(P, "Jakub Nowak")]),
    ("Zainab Hussain and her line manager, Paul Atkinson, approved the change.", [(P, "Zainab Hussain"), (P, "Paul Atkinson")]),
    ("The minutes record that Eilidh Fraser abstained on the second vote.", [(P, "Eilidh Fraser")]),
    ("Ama Owusu-Ansah joined the call late because of a train delay.", [(P, "Ama Owusu-Ansah")]),
    ("Chen Jie said the GPU quota had been exhausted by the nightly jobs.", [(P, "Chen Jie")]),
    ("Last year Declan Murphy moved from Cork to Leeds to join the analytics team.", [(P, "Declan Murphy")]),
    ("The accessibility audit was carried out by Rhiannon Pritchard.", [(P, "Rhiannon Pritchard")]),
    ("Ahmed Farouk noted that the Arabic transliteration was inconsistent across forms.", [(P, "Ahmed Farouk")]),
    ("Kim Min-jun fixed the tokenizer bug that Olga Ivanova reported.", [(P, "Kim Min-jun"), (P, "Olga Ivanova")]),
    ("Rose Hill, our new data scientist, reviewed the evaluation notes.", [(P, "Rose Hill")]),
    ("ok, asked kieran doyle and he said to just rerun the job", [(P, "kieran doyle")]),
    ("Bartholomew Nkemelu's appeal was upheld by the tribunal.", [(P, "Bartholomew Nkemelu")]),
    ("When Aarav Gupta updated the config, Jessica Thornton restarted the service.", [(P, "Aarav Gupta"), (P, "Jessica Thornton")]),
    ("The call recording mentions Hamid Rezaei twice and Sofia Petrova once.", [(P, "Hamid Rezaei"), (P, "Sofia Petrova")]),
    ("Thanks to Ngozi Chukwu, the labelling guidelines are now much clearer.", [(P, "Ngozi Chukwu")]),
    ("Piotr Zieliński will present the results because Saoirse Kennedy is on leave.", [(P, "Piotr Zieliński"), (P, "Saoirse Kennedy")]),
    ("Yusuf Demir opened the incident and Mariam Siddiqui resolved it.", [(P, "Yusuf Demir"), (P, "Mariam Siddiqui")]),
    ("Hi Sunita, thanks for sending the logs over so quickly.", [(P, "Sunita")]),
    ("Signed on behalf of the panel, K. Adebayo", [(P, "K. Adebayo")]),
    ("Callum Mackenzie-Ross and Ayesha Begum ran the pilot in Dundee.", [(P, "Callum Mackenzie-Ross"), (P, "Ayesha Begum")]),
    # ---- names in lists / labelled fields
    ("Attendees: Sanjay Patel; Grace Liu; Olamide Bakare; Marek Dvořák.", [(P, "Sanjay Patel"), (P, "Grace Liu"), (P, "Olamide Bakare"), (P, "Marek Dvořák")]),
    ("- Reviewer: Hannah Whitfield\n- Approver: Imran Qureshi\n- Owner: Brendan Walsh", [(P, "Hannah Whitfield"), (P, "Imran Qureshi"), (P, "Brendan Walsh")]),
    ("The shortlist: Aisha Rahman, Ben Carter, Chioma Eze, Dawid Lewandowski and Eleanor Hughes.", [(P, "Aisha Rahman"), (P, "Ben Carter"), (P, "Chioma Eze"), (P, "Dawid Lewandowski"), (P, "Eleanor Hughes")]),
    ("CLAIMANT: MARGARET O'BRIEN\nREFERENCE: 22-88731", [(P, "MARGARET O'BRIEN")]),
    ("| Name | Role |\n|---|---|\n| Tendai Moyo | Analyst |\n| Lucy Hargreaves | Engineer |", [(P, "Tendai Moyo"), (P, "Lucy Hargreaves")]),
    ("Panel members\n1. Oisín Brennan\n2. Noor Al-Hashimi\n3. Vikram Rao", [(P, "Oisín Brennan"), (P, "Noor Al-Hashimi"), (P, "Vikram Rao")]),
    # ---- names with titles / ranks
    ("Dr Amara Okafor chaired the ethics panel and summarised the objections.", [(P, "Amara Okafor")]),
    ("Professor Sarah Goldberg gave the keynote on evaluation methods.", [(P, "Sarah Goldberg")]),
    ("Mrs Bernadette Kelly called the helpline about her claim on Monday.", [(P, "Bernadette Kelly")]),
    ("Please forward the decision letter to Mr Ravi Chandrasekaran.", [(P, "Ravi Chandrasekaran")]),
    ("Ms Jolanta Wiśniewska has requested a copy of all the data we hold about her.", [(P, "Jolanta Wiśniewska")]),
    ("Dr. Ibrahim Khalil and Prof. Mei Ling Wong reviewed the study protocol.", [(P, "Ibrahim Khalil"), (P, "Mei Ling Wong")]),
    ("Councillor Bridget O'Neill raised the issue of bin collections at the meeting.", [(P, "Bridget O'Neill")]),
    ("DS Craig Robertson took the witness statement at 14:20.", [(P, "Craig Robertson")]),
    ("Dear Mr Obinna Eze,\n\nThank you for your letter of 3 May.", [(P, "Obinna Eze")]),
    ("Sir Anthony Fairbairn-Lowe opened the new research wing.", [(P, "Anthony Fairbairn-Lowe")]),
    ("Miss Leah Abramson was the only witness to the incident.", [(P, "Leah Abramson")]),
    ("Dame Olivia Harcourt will chair the independent review.", [(P, "Olivia Harcourt")]),
    # ---- addresses alone
    ("Please send the completed form to 14 Albion Road, Leeds LS6 1AB.", [(A, "14 Albion Road, Leeds LS6 1AB")]),
    ("Deliveries should go to Unit 4B Riverside Industrial Estate, Newport NP19 4RR between 8am and 4pm.", [(A, "Unit 4B Riverside Industrial Estate, Newport NP19 4RR")]),
    ("The regional office is at 22 Heol y Frenhines, Caerdydd CF10 2BH.", [(A, "22 Heol y Frenhines, Caerdydd CF10 2BH")]),
    ("The tenant's current address is Flat 2/1, 45 Byres Road, Glasgow G11 5RG.", [(A, "Flat 2/1, 45 Byres Road, Glasgow G11 5RG")]),
    ("Correspondence address: 3F2, 17 Marchmont Crescent, Edinburgh EH9 1HN", [(A, "3F2, 17 Marchmont Crescent, Edinburgh EH9 1HN")]),
    ("The meeting will be held at 9 Church Lane, Little Shelford.", [(A, "9 Church Lane, Little Shelford")]),
    ("Return the device to PO Box 1234, Durham DH1 9XX.", [(A, "PO Box 1234, Durham DH1 9XX")]),
    ("Her new address is 101b Kingsland High Street, London E8 2PB.", [(A, "101b Kingsland High Street, London E8 2PB")]),
    ("The property is Rose Cottage, Mill Lane, Upper Slaughter, Cheltenham GL54 2JD.", [(A, "Rose Cottage, Mill Lane, Upper Slaughter, Cheltenham GL54 2JD")]),
    ("Apartment 1204, The Cube, 113 Wharfside Street, Birmingham B1 1RF was listed as the forwarding address.", [(A, "Apartment 1204, The Cube, 113 Wharfside Street, Birmingham B1 1RF")]),
    ("Keys can be collected from 56 High St, Oxford OX1 4AS.", [(A, "56 High St, Oxford OX1 4AS")]),
    ("The claimant lives at No. 4 Bridge Street, Aberystwyth SY23 1PZ.", [(A, "No. 4 Bridge Street, Aberystwyth SY23 1PZ")]),
    ("yeah its 12 albion rd leeds ls6 1ab, the blue door", [(A, "12 albion rd leeds ls6 1ab")]),
    ("The claimant moved from 33 Cedar Grove, Swansea SA1 6HE to 8 Maple Close, Neath SA11 2LD in June.", [(A, "33 Cedar Grove, Swansea SA1 6HE"), (A, "8 Maple Close, Neath SA11 2LD")]),
    ("The farm is registered at Tyddyn Mawr, Llanrwst LL26 0HR.", [(A, "Tyddyn Mawr, Llanrwst LL26 0HR")]),
    ("Post should be addressed to Croft 5, Melness, Tongue, Sutherland IV27 4XP.", [(A, "Croft 5, Melness, Tongue, Sutherland IV27 4XP")]),
    ("The parcel was left at 4 Regent Terrace by mistake.", [(A, "4 Regent Terrace")]),
    ("The Old Rectory\nChurch Road\nLitlington\nRoyston\nHertfordshire\nSG8 0QT", [(A, "The Old Rectory\nChurch Road\nLitlington\nRoyston\nHertfordshire\nSG8 0QT")]),
    ("Inspection booked for Flat C, 4 Argyle Street, Inverness IV2 3BB on Thursday.", [(A, "Flat C, 4 Argyle Street, Inverness IV2 3BB")]),
    ("The new-build at Plot 7, Greenfield Way, Telford is not yet on the postal database.", [(A, "Plot 7, Greenfield Way, Telford")]),
    ("Flat 7 Beech House, Ravenscroft Road, Manchester M14 6PP has reported damp again.", [(A, "Flat 7 Beech House, Ravenscroft Road, Manchester M14 6PP")]),
    ("Unit 12, Enterprise Park, Ballymena BT42 4HB\nOpening hours: 9 to 5", [(A, "Unit 12, Enterprise Park, Ballymena BT42 4HB")]),
    ("Send the refund cheque to 27 Ffordd y Parc, Bangor, LL57 2HJ, marked for the attention of the finance team.", [(A, "27 Ffordd y Parc, Bangor, LL57 2HJ")]),
    ("Correspondence address:\n15 Kelvin Drive\nHillhead\nGlasgow\nG20 8QG\nPreferred contact: post", [(A, "15 Kelvin Drive\nHillhead\nGlasgow\nG20 8QG")]),
    # ---- names and addresses together
    ("Flat 3, 12 Albion Road, Bristol BS5 9QJ is where Joanna Kaczmarek lived until 2021.", [(A, "Flat 3, 12 Albion Road, Bristol BS5 9QJ"), (P, "Joanna Kaczmarek")]),
    ("Ffion Jones, 7 Stryd Fawr, Llanberis, Gwynedd LL55 4EU", [(P, "Ffion Jones"), (A, "7 Stryd Fawr, Llanberis, Gwynedd LL55 4EU")]),
    ("Mr Tariq Mahmood\n27 Stanley Street\nBradford\nBD3 9AW", [(P, "Tariq Mahmood"), (A, "27 Stanley Street\nBradford\nBD3 9AW")]),
    ("c/o Fergal Brennan, 58 Eglinton Avenue, Belfast BT9 6DY", [(P, "Fergal Brennan"), (A, "58 Eglinton Avenue, Belfast BT9 6DY")]),
    ("Name: Graham Reid | Address: 19 Ashgrove Terrace, Aberdeen AB25 3BS | Ref: 4471", [(P, "Graham Reid"), (A, "19 Ashgrove Terrace, Aberdeen AB25 3BS")]),
    ("Complaint from Adaeze Nwosu (Flat 9, 201 Holloway Road, London N7 8DD) about a delayed decision.", [(P, "Adaeze Nwosu"), (A, "Flat 9, 201 Holloway Road, London N7 8DD")]),
    ("Gabriela Ionescu and Liam Doherty both gave 5 Wellington Place, Derry BT48 6RW as their address.", [(P, "Gabriela Ionescu"), (P, "Liam Doherty"), (A, "5 Wellington Place, Derry BT48 6RW")]),
    ("Dear Ms Akua Boateng,\n\nWe have updated your address to 61 Victoria Road, Dundee DD1 1EL.", [(P, "Akua Boateng"), (A, "61 Victoria Road, Dundee DD1 1EL")]),
    ("Kind regards,\nOwain Hughes\nSenior Analyst\n2 Castle Street, Cardiff CF10 1BS", [(P, "Owain Hughes"), (A, "2 Castle Street, Cardiff CF10 1BS")]),
    ("Zofia Mazur, of 88 Gloucester Road, Bristol, has lodged an objection to the application.", [(P, "Zofia Mazur"), (A, "88 Gloucester Road, Bristol")]),
    ("Visit logged: Anand Krishnan at 14 Duke Street, Sheffield S2 5QP, 10:15.", [(P, "Anand Krishnan"), (A, "14 Duke Street, Sheffield S2 5QP")]),
    ("The letter to Hafsa Mirza at 3 Orchard Close, Luton LU2 7HX was returned undelivered.", [(P, "Hafsa Mirza"), (A, "3 Orchard Close, Luton LU2 7HX")]),
    ("Mrs Eirlys Morgan\nTŷ Gwyn\nHeol Las\nCarmarthen\nSA31 1PD", [(P, "Eirlys Morgan"), (A, "Tŷ Gwyn\nHeol Las\nCarmarthen\nSA31 1PD")]),
    ("Caseworker note: spoke to Babajide Ogunleye, who confirmed he still lives at 40 Granby Street, Liverpool L8 2TX.", [(P, "Babajide Ogunleye"), (A, "40 Granby Street, Liverpool L8 2TX")]),
    ("Shipping to: Xiao Ming Huang, Flat 11, Lotus Court, 9 Faraday Way, Cambridge CB4 1FN", [(P, "Xiao Ming Huang"), (A, "Flat 11, Lotus Court, 9 Faraday Way, Cambridge CB4 1FN")]),
    ("Tenancy agreement between Radu Moldovan and Kerr Lettings for 6/2 Dalry Road, Edinburgh EH11 2BU.", [(P, "Radu Moldovan"), (A, "6/2 Dalry Road, Edinburgh EH11 2BU")]),
    ("Ruth Okonkwo-Lambert changed her correspondence address to Flat 1, 2 Belmont Avenue, Bangor BT20 3LH.", [(P, "Ruth Okonkwo-Lambert"), (A, "Flat 1, 2 Belmont Avenue, Bangor BT20 3LH")]),
    ("According to the file, Séamus Ó Briain used 19 Shore Road, Portrush as a contact address.", [(P, "Séamus Ó Briain"), (A, "19 Shore Road, Portrush")]),
    # ---- hard negatives: no personal data
    ("Marks and Spencer reported higher food sales in the third quarter.", []),
    ("The new depot is near Milton Keynes, just off junction 14 of the M1.", []),
    ("Traffic on the A1 northbound is queuing for three miles after a collision near Newark.", []),
    ("Downing Street said the review would report in the autumn.", []),
    ("The Data Protection Officer must be consulted before any new processing begins.", []),
    ("John Lewis has announced the closure of eight stores.", []),
    ("Researchers at the Alan Turing Institute published a report on algorithmic fairness.", []),
    ("You can ask Amazon Alexa to read out the bin collection days.", []),
    ("The Senior Responsible Owner signed off the business case on Friday.", []),
    ("Whitehall departments have until March to submit their spending plans.", []),
    ("The M25 will be closed between junctions 10 and 11 overnight for resurfacing.", []),
    ("Sainsbury's and Tesco both cut the price of milk this week.", []),
    ("The Victoria line is part-suspended because of a signal failure at Brixton.", []),
    ("The Ford Transit remains the best-selling van in the UK.", []),
    ("Threadneedle Street held interest rates at 5.25 per cent.", []),
    ("Trains are not stopping at Baker Street station this weekend.", []),
    ("Great Ormond Street Hospital has opened a new research centre.", []),
    ("The Ada Lovelace Institute called for stronger regulation of biometrics.", []),
    ("The Chief Executive and the Head of Digital attended the meeting.", []),
    ("Edinburgh, Cardiff and Belfast will host the regional roadshows.", []),
    ("Wimbledon starts on Monday, so expect heavy traffic around Southfields.", []),
    ("Drinks will be at the Duke of Wellington after the offsite.", []),
    ("The ticket was raised by the service desk and closed by second-line support.", []),
    ("The caseworker, the claimant and their representative attended the hearing.", []),
    ("Apple released a new version of Pages and Keynote last night.", []),
    ("The Post Office Horizon inquiry resumes next week.", []),
    ("Roadworks on Oxford Street will last until May, according to the council.", []),
    ("Thomas Cook collapsed in 2019, stranding thousands of holidaymakers.", []),
    ("The fleet includes ten Mercedes-Benz Sprinter vans and four electric cars.", []),
    ("Manchester United beat Aston Villa 2-1 at Old Trafford.", []),
    ("The Queen Elizabeth Olympic Park hosts a food festival every August.", []),
    ("Boots and Superdrug have both extended their opening hours.", []),
    ("Staff can use GitHub Copilot and Microsoft Word on managed laptops.", []),
    ("St Thomas' Hospital is across the river from the Houses of Parliament.", []),
    ("The Prime Minister and the Chancellor visited the factory together.", []),
    ("The A470 between Merthyr Tydfil and Brecon is closed due to snow.", []),
    ("Lloyds Bank and Barclays reported strong first-half profits.", []),
    ("Delays are expected at Glasgow Central because of overhead line damage.", []),
    ("The model was fine-tuned on the Hansard corpus and evaluated on parliamentary questions.", []),
    ("The postcode district covers most of the city centre and the university campus.", []),
    ("Our Welsh-language pilot runs in Gwynedd, Anglesey and Ceredigion.", []),
    ("The Caldicott Guardian and the Information Asset Owner must both approve the data share.", []),
    ("Visitors to Abbey Road should avoid stopping on the zebra crossing.", []),
    ("The Scottish Parliament at Holyrood debated the bill on Wednesday.", []),
]


def main():
    out = []
    for text, ents in R:
        for _, v in ents:
            assert v in text, (v, text)
        out.append({"text": text, "entities": [{"type": t, "value": v} for t, v in ents]})
    texts = [r["text"] for r in out]
    assert len(texts) == len(set(texts)), "duplicate texts"
    with open(os.path.join(HERE, "pii_names_addresses.jsonl"), "w", encoding="utf-8") as fh:
        for r in out:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    n_neg = sum(not r["entities"] for r in out)
    n_p = sum(e["type"] == P for r in out for e in r["entities"])
    n_a = sum(e["type"] == A for r in out for e in r["entities"])
    print(f"{len(out)} records, {len(out) - n_neg} with entities, {n_neg} negatives, PERSON={n_p}, ADDRESS={n_a}")


if __name__ == "__main__":
    main()

"""Generate the protective-marking evaluation set (marking_set/ + labels.yaml).

Written by a helper session that saw no detector code or product data.
Run with a Python that has python-docx, reportlab, pypdf and PyYAML:
    python build_marking_set.py
Output is deterministic (fixed dates / GUIDs).
"""
import datetime as _dt
import html
import os
import re
import shutil
import zipfile

import yaml
from docx import Document
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "marking_set")

FONT = "Helvetica"
_dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
if os.path.exists(_dejavu):
    pdfmetrics.registerFont(TTFont("DejaVuSans", _dejavu))
    FONT = "DejaVuSans"

NBH = "\u2011"  # non-breaking hyphen
HYP = "\u2010"  # hyphen
EN = "\u2013"
EM = "\u2014"

# Neutral filler: must never contain tier words.
FILLER = [
    "The data pipeline ingests weekly extracts from the case management system and normalises field names before loading them into the analytical store.",
    "Stakeholders agreed that the pilot should run for twelve weeks, with a checkpoint review at week six to confirm the evaluation criteria remain appropriate.",
    "Procurement of the additional compute capacity was approved, subject to the usual value-for-money assessment and a review of the supplier's carbon reporting.",
    "The team will publish a short summary of lessons learned once the retrospective has been completed and actions have been assigned to owners.",
    "Latency at the 95th percentile fell from 840 milliseconds to 310 milliseconds after the retrieval index was rebuilt with the new chunking strategy.",
    "Accessibility testing covered screen readers, keyboard-only navigation and colour contrast, and three issues were logged for the next sprint.",
    "The service assessment panel asked for clearer evidence of user research with people who have low digital confidence.",
    "Budget forecasts assume a five per cent uplift in licence costs and no change to headcount during the next financial year.",
    "Model outputs are logged with a request identifier so that individual answers can be traced back to the retrieved passages.",
    "Training sessions for caseworkers will be scheduled across the regional offices in Leeds, Bristol and Glasgow during the spring.",
    "The risk register was updated to reflect the delayed migration and the dependency on the identity provider upgrade.",
    "User feedback highlighted that the search results page was hard to scan on mobile devices, so the layout will be simplified.",
    "A rollback plan has been agreed with the platform team and will be rehearsed in the pre-production environment next week.",
    "The evaluation harness compares generated answers against reference answers using both exact-match and rubric-based scoring.",
    "Network changes require a change advisory board ticket at least five working days before the planned implementation window.",
    "Data retention periods were reviewed and the archive job now removes transient files after ninety days.",
    "The supplier confirmed that the hosting region will remain within the United Kingdom for the duration of the contract.",
    "Next steps include finalising the runbook, agreeing on-call arrangements and confirming the go-live date with the programme board.",
    "The dashboard shows daily active users, median session length and the proportion of queries that received a cited answer.",
    "Minor wording changes were made to the onboarding guidance following comments from the policy team.",
]
_BAD = re.compile(r"secret|official|sensitiv|classif|restricted|eyes only|locsen|natsen", re.I)
for _f in FILLER:
    assert not _BAD.search(_f), _f


def fill(i, n=2):
    return [FILLER[(i * 3 + k) % len(FILLER)] for k in range(n)]


LABELS = []


def label(fname, marking, caveats, where, note):
    LABELS.append({"file": fname, "marking": marking, "caveats": list(caveats), "where": where, "note": note})


# ---------------------------------------------------------------- writers
def w_text(fname, text):
    with open(os.path.join(OUT, fname), "w", encoding="utf-8") as fh:
        fh.write(text if text.endswith("\n") else text + "\n")


def w_html(fname, title, body_html, head_extra=""):
    doc = (
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n{head_extra}</head>\n<body>\n{body_html}\n</body>\n</html>\n"
    )
    w_text(fname, doc)


def ps(paras):
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)


CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def _add_custom_props(path, props):
    """Inject docProps/custom.xml (python-docx has no API for custom properties)."""
    items = []
    for pid, (name, value) in enumerate(props, start=2):
        if isinstance(value, bool):
            v = f"<vt:bool>{'true' if value else 'false'}</vt:bool>"
        else:
            v = f"<vt:lpwstr>{html.escape(str(value))}</vt:lpwstr>"
        items.append(
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{html.escape(name)}">{v}</property>'
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">' + "".join(items) + "</Properties>"
    )
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                s = data.decode("utf-8")
                s = s.replace(
                    "</Types>",
                    '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
                data = s.encode("utf-8")
            elif info.filename == "_rels/.rels":
                s = data.decode("utf-8")
                s = s.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdCustomProps1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
                )
                data = s.encode("utf-8")
            zout.writestr(info, data)
        zout.writestr("docProps/custom.xml", xml)
    os.replace(tmp, path)


def msip(guid, name):
    return [
        (f"MSIP_Label_{guid}_Enabled", "true"),
        (f"MSIP_Label_{guid}_SetDate", "2024-05-14T09:12:33Z"),
        (f"MSIP_Label_{guid}_Method", "Privileged"),
        (f"MSIP_Label_{guid}_Name", name),
        (f"MSIP_Label_{guid}_SiteId", "3f2a7c1e-5b8d-4e0a-9c61-2d4b8e7f1a90"),
        (f"MSIP_Label_{guid}_ActionId", "b6c0e4d2-91f3-4a7e-8d25-6e1f0c3a9b47"),
        (f"MSIP_Label_{guid}_ContentBits", "0"),
    ]


def w_docx(
    fname,
    title,
    paras,
    *,
    header=None,
    header_table=None,
    even_header=None,
    first_header=None,
    footer=None,
    core=None,
    custom=None,
    hidden=None,
    table=None,
    page_break_after=None,
):
    d = Document()
    cp = d.core_properties
    cp.author = "Evaluation Helper"
    cp.title = ""
    cp.created = _dt.datetime(2024, 5, 14, 9, 0, 0)
    cp.modified = _dt.datetime(2024, 5, 14, 9, 0, 0)
    cp.last_modified_by = "Evaluation Helper"
    cp.revision = 1
    for k, v in (core or {}).items():
        setattr(cp, k, v)
    sec = d.sections[0]
    if header is not None:
        sec.header.paragraphs[0].text = header
    if header_table is not None:
        t = sec.header.add_table(rows=len(header_table), cols=len(header_table[0]), width=sec.page_width - sec.left_margin - sec.right_margin)
        for r, row in enumerate(header_table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    if even_header is not None:
        d.settings.odd_and_even_pages_header_footer = True
        sec.even_page_header.paragraphs[0].text = even_header
    if first_header is not None:
        sec.different_first_page_header_footer = True
        sec.first_page_header.paragraphs[0].text = first_header
    if footer is not None:
        sec.footer.paragraphs[0].text = footer
    d.add_heading(title, level=1)
    for i, p in enumerate(paras):
        d.add_paragraph(p)
        if page_break_after is not None and i == page_break_after:
            d.add_page_break()
    if hidden is not None:
        before, hid, after = hidden
        p = d.add_paragraph(before)
        r = p.add_run(hid)
        r.font.hidden = True
        p.add_run(after)
    if table is not None:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        t.style = "Table Grid"
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
        d.add_paragraph(FILLER[0])
    path = os.path.join(OUT, fname)
    d.save(path)
    if custom:
        _add_custom_props(path, custom)


def w_pdf(fname, title, pages, *, header=None, footer=None, meta=None, table=None, header_pages=None, footer_pages=None):
    """pages: list of list of paragraphs. header/footer drawn on every page unless *_pages given (1-based)."""
    meta = meta or {}
    path = os.path.join(OUT, fname)
    doc = SimpleDocTemplate(
        path,
        pagesize=A4,
        title=meta.get("title", title),
        subject=meta.get("subject", ""),
        keywords=meta.get("keywords", ""),
        author=meta.get("author", "Evaluation Helper"),
        creator="reportlab",
        topMargin=25 * mm,
        bottomMargin=25 * mm,
    )
    body = ParagraphStyle("b", fontName=FONT, fontSize=10.5, leading=14, spaceAfter=8)
    h1 = ParagraphStyle("h", fontName=FONT, fontSize=16, leading=20, spaceAfter=12)

    def deco(canvas, d):
        n = canvas.getPageNumber()
        canvas.saveState()
        canvas.setFont(FONT, 10)
        w, h = A4
        if header and (header_pages is None or n in header_pages):
            canvas.drawCentredString(w / 2, h - 14 * mm, header)
        if footer and (footer_pages is None or n in footer_pages):
            canvas.drawCentredString(w / 2, 12 * mm, footer)
        canvas.restoreState()

    story = [Paragraph(html.escape(title), h1)]
    for i, page in enumerate(pages):
        if i:
            story.append(PageBreak())
        for p in page:
            story.append(Paragraph(html.escape(p), body))
        if table is not None and i == 0:
            t = Table([[Paragraph(html.escape(c), body) for c in row] for row in table])
            t.setStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")])
            story += [t, Spacer(1, 6)]
    doc.build(story, onFirstPage=deco, onLaterPages=deco)


def ascii_table(rows):
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [sep]
    for r in rows:
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
        out.append(sep)
    return "\n".join(out)


def md_table(rows):
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


def html_table(rows):
    trs = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table border=\"1\">{trs}</table>"


# ================================================================ MARKED
def marked():
    S, TS, OS, O = "SECRET", "TOP SECRET", "OFFICIAL-SENSITIVE", "OFFICIAL"
    UKEO = ["UK EYES ONLY"]
    i = 0

    def nxt():
        nonlocal i
        i += 1
        return i

    # ---------------- markdown ----------------
    k = nxt()
    w_text("m01_banner_top_bottom_os.md", f"OFFICIAL-SENSITIVE\n\n# Retrieval pilot: week 6 checkpoint\n\n" + "\n\n".join(fill(k, 3)) + "\n\nOFFICIAL-SENSITIVE\n")
    label("m01_banner_top_bottom_os.md", OS, [], "body: banner line at top and bottom", "plain ASCII hyphen")
    k = nxt()
    w_text("m02_front_matter_secret.md", "---\ntitle: Threat model for the casework assistant\nclassification: SECRET\nowner: Platform Security\n---\n\n# Threat model\n\n" + "\n\n".join(fill(k, 3)))
    label("m02_front_matter_secret.md", S, [], "markdown YAML front matter key classification", "marking appears only in front matter")
    k = nxt()
    w_text("m03_front_matter_os_commercial.md", "---\ntitle: Supplier pricing comparison\nclassification: \"OFFICIAL-SENSITIVE COMMERCIAL\"\n---\n\n" + "\n\n".join(fill(k, 3)))
    label("m03_front_matter_os_commercial.md", OS, ["COMMERCIAL"], "markdown front matter (quoted value with descriptor)", "")
    k = nxt()
    w_text("m04_title_case_ukeo.md", "Secret - Uk Eyes Only\n\n# Joint analysis cell: model access review\n\n" + "\n\n".join(fill(k, 3)) + "\n")
    label("m04_title_case_ukeo.md", S, UKEO, "body: first line, title case", "'Secret - Uk Eyes Only' in title case")
    k = nxt()
    w_text("m05_nbhyphen_os.md", f"**OFFICIAL{NBH}SENSITIVE**\n\n# Casework triage metrics\n\n" + "\n\n".join(fill(k, 3)))
    label("m05_nbhyphen_os.md", OS, [], "body: bold banner at top", "U+2011 non-breaking hyphen")
    k = nxt()
    w_text("m06_hyphen_u2010_os.md", "# Incident review\n\n" + "\n\n".join(fill(k, 2)) + f"\n\n---\n\nOFFICIAL{HYP}SENSITIVE\n")
    label("m06_hyphen_u2010_os.md", OS, [], "body: last line after a rule", "U+2010 hyphen")
    k = nxt()
    w_text("m07_endash_os.md", f"OFFICIAL{EN}SENSITIVE\n\n# HR casework summary\n\n" + "\n\n".join(fill(k, 3)))
    label("m07_endash_os.md", OS, [], "body: first line", "en dash U+2013")
    k = nxt()
    w_text("m08_emdash_os_personal.md", f"OFFICIAL{EM}SENSITIVE {EM} PERSONAL\n\n# Staff wellbeing survey free-text themes\n\n" + "\n\n".join(fill(k, 3)))
    label("m08_emdash_os_personal.md", OS, ["PERSONAL"], "body: first line", "em dash U+2014 in marking and before descriptor")
    k = nxt()
    w_text("m09_portion_secret.md", "# Exercise debrief\n\n(O) " + fill(k, 1)[0] + "\n\n(S) The red team reached the model-serving subnet within forty minutes.\n\n(O) " + fill(k + 1, 1)[0] + "\n")
    label("m09_portion_secret.md", S, [], "body: portion markings at paragraph start", "mix of (O) and (S); most restrictive is SECRET")
    k = nxt()
    w_text("m10_portion_os.md", "# Budget note\n\n(O) " + FILLER[7] + "\n\n(OS) Indicative bids from the two shortlisted suppliers differ by eighteen per cent.\n")
    label("m10_portion_os.md", OS, [], "body: portion marking (OS) at paragraph start", "")
    k = nxt()
    w_text("m11_table_secret.md", "# Document control\n\n" + md_table([["Field", "Value"], ["Version", "0.3"], ["Owner", "Cyber Operations"], ["Classification", "SECRET"]]) + "\n\n" + "\n\n".join(fill(k, 2)))
    label("m11_table_secret.md", S, [], "body: markdown table cell next to 'Classification'", "")
    k = nxt()
    w_text("m12_classified_as_sentence.md", "# Briefing pack\n\n" + fill(k, 1)[0] + "\n\nThis document is classified as SECRET. " + fill(k + 1, 1)[0] + "\n\n" + fill(k + 2, 1)[0])
    label("m12_classified_as_sentence.md", S, [], "body: sentence in second paragraph", "'This document is classified as SECRET.'")
    k = nxt()
    w_text("m13_secret_colon_para.md", "# Handling note\n\nsecret: distribution is limited to the named recipients on the circulation list.\n\n" + "\n\n".join(fill(k, 2)))
    label("m13_secret_colon_para.md", S, [], "body: lowercase 'secret:' starting a paragraph", "")
    k = nxt()
    w_text("m14_letterspaced_secret.md", "S E C R E T\n\n# Operations note\n\n" + "\n\n".join(fill(k, 3)) + "\n\nS E C R E T\n")
    label("m14_letterspaced_secret.md", S, [], "body: letter-spaced banner top and bottom", "")
    k = nxt()
    w_text("m15_bottom_only_ts.md", "# Long-range capability review\n\n" + "\n\n".join(fill(k, 6)) + "\n\nTOP SECRET\n")
    label("m15_bottom_only_ts.md", TS, [], "body: final line only", "")
    k = nxt()
    w_text("m16_official_top.md", "OFFICIAL\n\n# Sprint 14 review\n\n" + "\n\n".join(fill(k, 3)))
    label("m16_official_top.md", O, [], "body: first line", "baseline tier as own marking")
    k = nxt()
    w_text("m17_mixed_official_ts_portion.md", "OFFICIAL\n\n# Annex summary\n\n" + fill(k, 1)[0] + "\n\n(TS) Source reporting indicates the capability will be fielded next year.\n\n" + fill(k + 1, 1)[0] + "\n\nOFFICIAL\n")
    label("m17_mixed_official_ts_portion.md", TS, [], "body: OFFICIAL banner top/bottom, (TS) portion mid-document", "most restrictive wins over the banner")
    k = nxt()
    w_text("m18_old_form_os.md", "OFFICIAL SENSITIVE\n\n# Recruitment panel notes\n\n" + "\n\n".join(fill(k, 3)))
    label("m18_old_form_os.md", OS, [], "body: first line", "old form without hyphen")
    k = nxt()
    w_text("m19_os_locsen.md", "# Neighbourhood policing data share\n\n" + fill(k, 1)[0] + "\n\n> OFFICIAL-SENSITIVE [LOCSEN]\n\n" + fill(k + 1, 1)[0])
    label("m19_os_locsen.md", OS, ["LOCSEN"], "body: blockquote in the middle", "")
    k = nxt()
    w_text("m20_titlecase_os.md", "Official-Sensitive\n\n# Estates consolidation options\n\n" + "\n\n".join(fill(k, 3)))
    label("m20_titlecase_os.md", OS, [], "body: first line, title case", "")
    k = nxt()
    w_text("m21_heading_marking_ts_ukeo.md", "## TOP SECRET UK EYES ONLY\n\n# Collection requirements\n\n" + "\n\n".join(fill(k, 3)))
    label("m21_heading_marking_ts_ukeo.md", TS, UKEO, "body: markdown heading", "")
    k = nxt()
    w_text("m22_protective_marking_line_natsen.md", "# Force intelligence summary\n\nProtective marking: OFFICIAL-SENSITIVE NATSEN\n\n" + "\n\n".join(fill(k, 3)))
    label("m22_protective_marking_line_natsen.md", OS, ["NATSEN"], "body: 'Protective marking:' line", "")

    # ---------------- txt ----------------
    k = nxt()
    w_text("t01_banner_secret_ukeo.txt", "SECRET UK EYES ONLY\n\nSUBJECT: Access review for the analyst workbench\n\n" + "\n\n".join(fill(k, 3)) + "\n\nSECRET UK EYES ONLY")
    label("t01_banner_secret_ukeo.txt", S, UKEO, "body: banner top and bottom", "")
    k = nxt()
    w_text("t02_ts_dash_ukeo.txt", "TOP SECRET - UK EYES ONLY\n\n" + "\n\n".join(fill(k, 4)))
    label("t02_ts_dash_ukeo.txt", TS, UKEO, "body: first line", "")
    k = nxt()
    w_text("t03_letterspaced_ts.txt", "T O P   S E C R E T\n\n" + "\n\n".join(fill(k, 3)) + "\n\nT O P   S E C R E T")
    label("t03_letterspaced_ts.txt", TS, [], "body: letter-spaced banner top and bottom", "")
    k = nxt()
    w_text("t04_portion_ts.txt", "Situation report\n\n(U) " + fill(k, 1)[0] + "\n\n(TS) The intercept confirms the timetable set out in the previous report.\n\n(S) " + fill(k + 1, 1)[0])
    label("t04_portion_ts.txt", TS, [], "body: portion markings (TS) and (S)", "most restrictive portion wins")
    k = nxt()
    w_text("t05_classified_as_os.txt", "Notes from the pricing workshop\n\n" + fill(k, 1)[0] + " This document is classified as OFFICIAL-SENSITIVE. " + fill(k + 1, 1)[0])
    label("t05_classified_as_os.txt", OS, [], "body: sentence mid-paragraph", "")
    k = nxt()
    w_text("t06_email_header_secret.txt", "From: ops-desk@example.gov.uk\nTo: duty-officers@example.gov.uk\nDate: Tue, 14 May 2024 09:12\nSubject: Shift handover\nClassification: SECRET\n\n" + "\n\n".join(fill(k, 3)))
    label("t06_email_header_secret.txt", S, [], "email-style header 'Classification:' line", "")
    k = nxt()
    w_text("t07_email_official.txt", "From: team@example.gov.uk\nSubject: Stand-up notes\nClassification: OFFICIAL\n\n" + "\n\n".join(fill(k, 2)))
    label("t07_email_official.txt", O, [], "email-style header 'Classification:' line", "")
    k = nxt()
    w_text("t08_nbhyphen_os.txt", f"OFFICIAL{NBH}SENSITIVE: COMMERCIAL\n\n" + "\n\n".join(fill(k, 3)))
    label("t08_nbhyphen_os.txt", OS, ["COMMERCIAL"], "body: first line", "U+2011 non-breaking hyphen")
    k = nxt()
    w_text("t09_secret_colon.txt", "Handover\n\nsecret: keep this note in the locked cabinet when not in use.\n\n" + "\n\n".join(fill(k, 2)))
    label("t09_secret_colon.txt", S, [], "body: 'secret:' starting a paragraph", "")
    k = nxt()
    w_text("t10_bottom_only_os.txt", "Meeting notes\n\n" + "\n\n".join(fill(k, 6)) + "\n\n\n\n-- OFFICIAL-SENSITIVE --")
    label("t10_bottom_only_os.txt", OS, [], "body: last line only, after blank lines", "")
    k = nxt()
    w_text("t11_ascii_table_secret.txt", "DOCUMENT CONTROL\n\n" + ascii_table([["Version", "Owner", "Marking"], ["1.2", "J3 Plans", "SECRET"]]) + "\n\n" + "\n\n".join(fill(k, 2)))
    label("t11_ascii_table_secret.txt", S, [], "body: ASCII table cell", "")
    k = nxt()
    w_text("t12_protective_marking_os_personal.txt", "Protective Marking: OFFICIAL-SENSITIVE PERSONAL\n\nCase conference summary\n\n" + "\n\n".join(fill(k, 3)))
    label("t12_protective_marking_os_personal.txt", OS, ["PERSONAL"], "body: 'Protective Marking:' first line", "")
    k = nxt()
    w_text("t13_official_top.txt", "OFFICIAL\n\nRelease readiness checklist\n\n" + "\n\n".join(fill(k, 3)) + "\n\nOFFICIAL")
    label("t13_official_top.txt", O, [], "body: banner top and bottom", "")
    k = nxt()
    w_text("t14_titlecase_top_secret.txt", "Top Secret\n\n" + "\n\n".join(fill(k, 3)))
    label("t14_titlecase_top_secret.txt", TS, [], "body: first line, title case", "")
    k = nxt()
    w_text("t15_lowercase_banner_secret.txt", "secret - uk eyes only\n\n" + "\n\n".join(fill(k, 3)))
    label("t15_lowercase_banner_secret.txt", S, UKEO, "body: first line, all lowercase", "")
    k = nxt()
    w_text("t16_tsv_secret.txt", "field\tvalue\nproject\tHARBOUR\nmarking\tSECRET\nowner\tplanning cell\n\n" + "\n\n".join(fill(k, 2)))
    label("t16_tsv_secret.txt", S, [], "body: tab-separated key/value table", "")
    k = nxt()
    w_text("t17_emdash_os.txt", f"OFFICIAL{EM}SENSITIVE\n\n" + "\n\n".join(fill(k, 3)))
    label("t17_emdash_os.txt", OS, [], "body: first line", "em dash U+2014")

    # ---------------- html ----------------
    k = nxt()
    w_html("h01_meta_only_secret.html", "Deployment runbook", f"<h1>Deployment runbook</h1>\n{ps(fill(k, 3))}", '<meta name="classification" content="SECRET">\n')
    label("h01_meta_only_secret.html", S, [], "html: <meta name=\"classification\"> only", "no visible marking")
    k = nxt()
    w_html("h02_meta_only_os.html", "Supplier scorecard", f"<h1>Supplier scorecard</h1>\n{ps(fill(k, 3))}", '<meta name="classification" content="OFFICIAL-SENSITIVE COMMERCIAL">\n')
    label("h02_meta_only_os.html", OS, ["COMMERCIAL"], "html: <meta name=\"classification\"> only", "")
    k = nxt()
    w_html("h03_banner_divs_secret.html", "Exercise plan", f'<div class="banner">SECRET</div>\n<h1>Exercise plan</h1>\n{ps(fill(k, 3))}\n<div class="banner">SECRET</div>')
    label("h03_banner_divs_secret.html", S, [], "html: banner divs top and bottom", "")
    k = nxt()
    w_html("h04_table_cell_ts.html", "Document control", "<h1>Document control</h1>\n" + html_table([["Reference", "DC-2291"], ["Marking", "TOP SECRET"], ["Owner", "Strategy Unit"]]) + "\n" + ps(fill(k, 2)))
    label("h04_table_cell_ts.html", TS, [], "html: table cell", "")
    k = nxt()
    w_html("h05_titlecase_banner.html", "Liaison notes", f'<p class="marking">Secret - Uk Eyes Only</p>\n<h1>Liaison notes</h1>\n{ps(fill(k, 3))}')
    label("h05_titlecase_banner.html", S, UKEO, "html: first paragraph, title case", "")
    k = nxt()
    w_html("h06_title_element_os.html", "OFFICIAL-SENSITIVE - Workforce plan", f"<h1>Workforce plan</h1>\n{ps(fill(k, 3))}")
    label("h06_title_element_os.html", OS, [], "html: <title> element only", "")
    k = nxt()
    w_html("h07_nbhyphen_entity.html", "Grant assessment", f"<p><strong>OFFICIAL&#8209;SENSITIVE</strong></p>\n<h1>Grant assessment</h1>\n{ps(fill(k, 3))}")
    label("h07_nbhyphen_entity.html", OS, [], "html: first paragraph", "non-breaking hyphen written as &#8209; entity")
    k = nxt()
    w_html("h08_portion_s.html", "Route analysis", "<h1>Route analysis</h1>\n<p>(O) " + html.escape(fill(k, 1)[0]) + "</p>\n<p>(S) Convoy timings will move to the alternate schedule from Monday.</p>")
    label("h08_portion_s.html", S, [], "html: portion marking (S) at paragraph start", "")
    k = nxt()
    w_html("h09_footer_element_os.html", "Estate survey", f"<h1>Estate survey</h1>\n{ps(fill(k, 3))}\n<footer><small>OFFICIAL-SENSITIVE</small></footer>")
    label("h09_footer_element_os.html", OS, [], "html: <footer> element at end", "")
    k = nxt()
    w_html("h10_classified_sentence_ts.html", "Programme brief", "<h1>Programme brief</h1>\n" + ps([fill(k, 1)[0], "This document is classified as TOP SECRET. " + fill(k + 1, 1)[0]]))
    label("h10_classified_sentence_ts.html", TS, [], "html: sentence in body", "")
    k = nxt()
    w_html("h11_letterspaced_nbsp.html", "Operations note", f"<p>S&nbsp;E&nbsp;C&nbsp;R&nbsp;E&nbsp;T</p>\n<h1>Operations note</h1>\n{ps(fill(k, 2))}")
    label("h11_letterspaced_nbsp.html", S, [], "html: letter-spaced banner using &nbsp;", "separators are U+00A0 after entity decoding")
    k = nxt()
    w_html("h12_meta_official.html", "Team page", f"<h1>Team page</h1>\n{ps(fill(k, 2))}", '<meta name="classification" content="OFFICIAL">\n')
    label("h12_meta_official.html", O, [], "html: <meta name=\"classification\"> only", "")
    k = nxt()
    w_html("h13_endash_header_element.html", "Casework dashboard", f"<header>OFFICIAL{EN}SENSITIVE</header>\n<h1>Casework dashboard</h1>\n{ps(fill(k, 3))}")
    label("h13_endash_header_element.html", OS, [], "html: <header> element", "en dash")
    k = nxt()
    w_html("h14_mixed_meta_os_body_secret.html", "Annex B", f"<h1>Annex B</h1>\n{ps(fill(k, 2))}\n<p>(S) Annex B lists the assets in scope.</p>", '<meta name="classification" content="OFFICIAL-SENSITIVE">\n')
    label("h14_mixed_meta_os_body_secret.html", S, [], "html: meta OFFICIAL-SENSITIVE plus (S) portion in body", "most restrictive wins")

    # ---------------- docx ----------------
    k = nxt()
    w_docx("d01_body_banner_secret.docx", "Capability roadmap", ["SECRET"] + fill(k, 3) + ["SECRET"])
    label("d01_body_banner_secret.docx", S, [], "docx body: first and last paragraph", "")
    k = nxt()
    w_docx("d02_header_table_only_os.docx", "Resourcing plan", fill(k, 3), header_table=[["Ref: RP-14", "OFFICIAL-SENSITIVE", "v0.4"]])
    label("d02_header_table_only_os.docx", OS, [], "docx: table inside the default header only", "")
    k = nxt()
    w_docx("d03_even_header_only_secret.docx", "Interface control document", fill(k, 6), even_header="SECRET", page_break_after=2)
    label("d03_even_header_only_secret.docx", S, [], "docx: even-page header only (evenAndOddHeaders on)", "default header empty")
    k = nxt()
    w_docx("d04_first_page_header_only_ts.docx", "Strategic assessment", fill(k, 4), first_header="TOP SECRET UK EYES ONLY")
    label("d04_first_page_header_only_ts.docx", TS, UKEO, "docx: first-page header only (titlePg)", "")
    k = nxt()
    w_docx("d05_footer_only_os.docx", "Pay remit analysis", fill(k, 3), footer="OFFICIAL-SENSITIVE")
    label("d05_footer_only_os.docx", OS, [], "docx: default footer only", "")
    k = nxt()
    w_docx("d06_core_title_only.docx", "Quarterly summary", fill(k, 3), core={"title": "SECRET - Quarterly summary"})
    label("d06_core_title_only.docx", S, [], "docx: core property title only", "")
    k = nxt()
    w_docx("d07_core_subject_only.docx", "Board paper", fill(k, 3), core={"subject": "OFFICIAL-SENSITIVE"})
    label("d07_core_subject_only.docx", OS, [], "docx: core property subject only", "")
    k = nxt()
    w_docx("d08_core_keywords_only.docx", "Sourcing note", fill(k, 3), core={"keywords": "sourcing; TOP SECRET; annex"})
    label("d08_core_keywords_only.docx", TS, [], "docx: core property keywords only", "")
    k = nxt()
    w_docx("d09_core_category_only.docx", "Contract variation", fill(k, 3), core={"category": "OFFICIAL-SENSITIVE COMMERCIAL"})
    label("d09_core_category_only.docx", OS, ["COMMERCIAL"], "docx: core property category only", "")
    k = nxt()
    w_docx("d10_custom_prop_only_secret.docx", "Technical design", fill(k, 3), custom=[("Classification", "SECRET"), ("Project", "Harbour")])
    label("d10_custom_prop_only_secret.docx", S, [], "docx: custom property 'Classification' only", "")
    k = nxt()
    w_docx("d11_custom_prop_protective_marking.docx", "Options appraisal", fill(k, 3), custom=[("ProtectiveMarking", "OFFICIAL-SENSITIVE"), ("Descriptor", "PERSONAL")])
    label("d11_custom_prop_protective_marking.docx", OS, ["PERSONAL"], "docx: custom properties 'ProtectiveMarking' + 'Descriptor'", "")
    k = nxt()
    w_docx("d12_msip_label_secret.docx", "Project update", fill(k, 3), custom=msip("9e1d2c41-7a55-4a0b-8e2f-5c6b1a3d7f01", "Secret"))
    label("d12_msip_label_secret.docx", S, [], "docx: sensitivity label custom property MSIP_Label_<guid>_Name = Secret", "label only; no visible marking")
    k = nxt()
    w_docx("d13_msip_label_os.docx", "Policy options", fill(k, 3), custom=msip("4b7f0a92-3c18-4d6e-a1f5-8e2d9c0b6a33", "Official Sensitive"))
    label("d13_msip_label_os.docx", OS, [], "docx: sensitivity label MSIP_Label_<guid>_Name = Official Sensitive", "label name uses space, not hyphen")
    k = nxt()
    w_docx("d14_msip_label_official.docx", "Team charter", fill(k, 3), custom=msip("0c5e8f17-2b94-4f3a-9d60-7a1e4c8b2d55", "Official"))
    label("d14_msip_label_official.docx", O, [], "docx: sensitivity label MSIP_Label_<guid>_Name = Official", "")
    k = nxt()
    w_docx("d15_hidden_run_secret.docx", "Supplier engagement", fill(k, 3), hidden=("Prepared for the engagement board. ", "SECRET", " Please return comments by Friday."))
    label("d15_hidden_run_secret.docx", S, [], "docx: hidden run (w:vanish) in body paragraph", "marking not visible when rendered")
    k = nxt()
    w_docx("d16_body_table_ts.docx", "Document control", fill(k, 2), table=[["Reference", "Classification", "Owner"], ["DC-77", "TOP SECRET", "Plans"]])
    label("d16_body_table_ts.docx", TS, [], "docx: body table cell", "")
    k = nxt()
    w_docx("d17_titlecase_body.docx", "Liaison summary", ["Secret - Uk Eyes Only"] + fill(k, 3))
    label("d17_titlecase_body.docx", S, UKEO, "docx body: first paragraph, title case", "")
    k = nxt()
    w_docx("d18_header_nbhyphen_os.docx", "Benefits realisation", fill(k, 3), header=f"OFFICIAL{NBH}SENSITIVE")
    label("d18_header_nbhyphen_os.docx", OS, [], "docx: default header", "U+2011 non-breaking hyphen")
    k = nxt()
    w_docx("d19_portion_ts.docx", "Threat update", ["(O) " + fill(k, 1)[0], "(TS) The assessed timeline has moved forward by two months.", "(O) " + fill(k + 1, 1)[0]])
    label("d19_portion_ts.docx", TS, [], "docx body: portion marking (TS)", "")
    k = nxt()
    w_docx("d20_classified_sentence.docx", "Briefing", [fill(k, 1)[0], "This document is classified as SECRET. " + fill(k + 1, 1)[0]])
    label("d20_classified_sentence.docx", S, [], "docx body: sentence", "")
    k = nxt()
    w_docx("d21_letterspaced_header.docx", "Operations order", fill(k, 3), header="S E C R E T")
    label("d21_letterspaced_header.docx", S, [], "docx: default header, letter-spaced", "")
    k = nxt()
    w_docx("d22_official_header_footer.docx", "Sprint review", fill(k, 3), header="OFFICIAL", footer="OFFICIAL")
    label("d22_official_header_footer.docx", O, [], "docx: default header and footer", "")
    k = nxt()
    w_docx("d23_header_official_body_secret_portion.docx", "Annex C", fill(k, 2) + ["(S) Annex C records the agreed response options."], header="OFFICIAL")
    label("d23_header_official_body_secret_portion.docx", S, [], "docx: header OFFICIAL, body (S) portion", "most restrictive wins")
    k = nxt()
    w_docx("d24_footer_endash_os_locsen.docx", "Community tension report", fill(k, 3), footer=f"OFFICIAL{EN}SENSITIVE LOCSEN")
    label("d24_footer_endash_os_locsen.docx", OS, ["LOCSEN"], "docx: footer only", "en dash")
    k = nxt()
    w_docx("d25_secret_colon_para.docx", "Handling", ["secret: do not forward outside the project team."] + fill(k, 2))
    label("d25_secret_colon_para.docx", S, [], "docx body: 'secret:' starting a paragraph", "")

    # ---------------- pdf ----------------
    k = nxt()
    w_pdf("p01_banner_header_footer_secret.pdf", "Threat assessment", [fill(k, 4), fill(k + 1, 4)], header="SECRET", footer="SECRET")
    label("p01_banner_header_footer_secret.pdf", S, [], "pdf: running header and footer on every page", "")
    k = nxt()
    w_pdf("p02_meta_subject_only.pdf", "Quarterly review", [fill(k, 4)], meta={"subject": "OFFICIAL-SENSITIVE"})
    label("p02_meta_subject_only.pdf", OS, [], "pdf: /Subject metadata only", "")
    k = nxt()
    w_pdf("p03_meta_keywords_only.pdf", "Capability study", [fill(k, 4)], meta={"keywords": "capability, study, SECRET, annex"})
    label("p03_meta_keywords_only.pdf", S, [], "pdf: /Keywords metadata only", "")
    k = nxt()
    w_pdf("p04_meta_subject_ts_ukeo.pdf", "Collection plan", [fill(k, 4)], meta={"subject": "TOP SECRET UK EYES ONLY"})
    label("p04_meta_subject_ts_ukeo.pdf", TS, UKEO, "pdf: /Subject metadata only", "")
    k = nxt()
    w_pdf("p05_body_sentence_os.pdf", "Workshop notes", [[fill(k, 1)[0], "This document is classified as OFFICIAL-SENSITIVE. " + fill(k + 1, 1)[0]]])
    label("p05_body_sentence_os.pdf", OS, [], "pdf: body sentence", "")
    k = nxt()
    w_pdf("p06_portion_s.pdf", "Movement summary", [["(O) " + fill(k, 1)[0], "(S) Two vessels changed berth without notice.", "(O) " + fill(k + 1, 1)[0]]])
    label("p06_portion_s.pdf", S, [], "pdf: portion marking (S)", "")
    k = nxt()
    w_pdf("p07_table_os.pdf", "Document control", [fill(k, 2)], table=[["Reference", "Marking"], ["DC-301", "OFFICIAL-SENSITIVE"]])
    label("p07_table_os.pdf", OS, [], "pdf: table cell", "")
    k = nxt()
    w_pdf("p08_letterspaced_header.pdf", "Operations note", [fill(k, 4)], header="S E C R E T")
    label("p08_letterspaced_header.pdf", S, [], "pdf: letter-spaced running header", "")
    k = nxt()
    w_pdf("p09_page2_footer_only_ts.pdf", "Long-range study", [fill(k, 5), fill(k + 2, 5)], footer="TOP SECRET", footer_pages=[2])
    label("p09_page2_footer_only_ts.pdf", TS, [], "pdf: footer on page 2 only", "")
    k = nxt()
    w_pdf("p10_nbhyphen_header_os.pdf", "Estates review", [fill(k, 4)], header=f"OFFICIAL{NBH}SENSITIVE")
    label("p10_nbhyphen_header_os.pdf", OS, [], "pdf: running header", "U+2011 (DejaVuSans embedded)")
    k = nxt()
    w_pdf("p11_titlecase_body.pdf", "Liaison record", [["Secret - Uk Eyes Only"] + fill(k, 3)])
    label("p11_titlecase_body.pdf", S, UKEO, "pdf: first body paragraph, title case", "")
    k = nxt()
    w_pdf("p12_official_header.pdf", "Service standard report", [fill(k, 4)], header="OFFICIAL", footer="OFFICIAL")
    label("p12_official_header.pdf", O, [], "pdf: running header and footer", "")
    k = nxt()
    w_pdf("p13_meta_title_only.pdf", "Investment case", [fill(k, 4)], meta={"title": "OFFICIAL-SENSITIVE: Investment case"})
    label("p13_meta_title_only.pdf", OS, [], "pdf: /Title metadata only", "")
    k = nxt()
    w_pdf("p14_secret_colon_page2.pdf", "Handover", [fill(k, 4), ["secret: the access list is attached as annex A."] + fill(k + 1, 2)])
    label("p14_secret_colon_page2.pdf", S, [], "pdf: 'secret:' paragraph start on page 2", "")
    k = nxt()
    w_pdf("p15_endash_os_header.pdf", "Case review", [fill(k, 4)], header=f"OFFICIAL{EN}SENSITIVE PERSONAL")
    label("p15_endash_os_header.pdf", OS, ["PERSONAL"], "pdf: running header", "en dash")


# ================================================================ UNMARKED
NEG_THEMES = [
    ("Secure room guidance", ["Staff must handle SECRET material in a secure room and must never leave it unattended on a desk.", "If you are unsure whether a room is approved, ask the facilities team before the meeting starts."], "handling guidance mentions tier"),
    ("Scope of the handling policy", ["The policy covers OFFICIAL and SECRET tiers; material at TOP SECRET is handled under separate arrangements.", "Most of the information created by the directorate sits in the lowest tier and needs no special handling."], "policy mentions tiers"),
    ("Ministerial announcement", ["The Secretary of State announced a consultation on the use of automated decision-making in benefits administration.", "Responses will be published on GOV.UK once the consultation closes."], "Secretary of State"),
    ("Committee arrangements", ["The secretariat will circulate papers five working days before each meeting.", "Members should send apologies to the secretariat mailbox."], "secretariat"),
    ("Intellectual property note", ["The supplier argued that its model weights are trade secrets and declined to share them with the evaluator.", "Counsel advised that trade secrets are protected under the 2018 regulations."], "trade secrets"),
    ("Staff council election", ["Voting will be by secret ballot, and results will be announced at the next all-staff meeting.", "Nominations close on the last Friday of the month."], "secret ballot"),
    ("Procurement notice", ["The contract notice was published in the Official Journal of the European Union before the UK left the single market.", "Since 2021 notices have been published on Find a Tender instead."], "Official Journal"),
    ("Launch announcement", ["The new service was officially launched on Monday by the Permanent Secretary.", "Early feedback from users has been positive."], "officially / Permanent Secretary"),
    ("DPIA summary", ["The assessment identified sensitive data, including health information, in the free-text fields.", "Special category data will be removed before records are used for model training."], "sensitive data"),
    ("Chapter three", ["Gran kept the top-secret recipe for her ginger cake in a biscuit tin under the stairs.", "\"It's top secret,\" she whispered, tapping the side of her nose, \"and it stays in this family.\""], "novel excerpt: top-secret recipe"),
    ("Requirements: document triage model", ["REQ-014: The system shall detect protective markings such as OFFICIAL-SENSITIVE and SECRET in uploaded documents and shall refuse to index files above the permitted tier.", "REQ-015: The system shall log every refusal with the file hash and the detected marking.", "REQ-016: Response time shall not exceed two seconds for files under ten megabytes."], "ML requirements mentioning markings mid-sentence"),
    ("Requirements: benefits eligibility assistant", ["The assistant must not be used with information above the OFFICIAL tier.", "Outputs must be reviewed by a caseworker before any decision is communicated to a claimant.", "The model card must describe known failure modes and the populations used for evaluation."], "public-sector ML requirements"),
    ("Release notes v2.4.0", ["Fixed: the client_secret value was printed in debug logs when token refresh failed.", "Changed: secrets are now loaded from the key vault at start-up rather than from environment variables.", "Added: a redaction step for sensitive fields in exported transcripts."], "release notes: client_secret, secrets, sensitive fields"),
    ("Release notes v3.1", ["New: officially supported on Python 3.12.", "Fixed: the classifier no longer crashes on empty PDFs.", "Deprecated: the legacy secret-scanning hook will be removed in 4.0."], "release notes"),
    ("Minutes of the programme board", ["Present: programme director, technical lead, finance business partner, board secretary.", "The board secretary confirmed the minutes of the previous meeting were approved without amendment.", "Action: the technical lead to circulate the updated risk register."], "meeting minutes with 'secretary'"),
    ("Minutes of the data ethics group", ["The group discussed whether officials should be able to override model recommendations.", "It was agreed that sensitive cases would always go to a human reviewer.", "The next meeting will be held in the secretariat's meeting room."], "minutes: officials, sensitive cases"),
    ("Training: the Official Secrets Act", ["All new starters complete a module on the Official Secrets Act 1989 during their first week.", "The module explains what counts as an unauthorised disclosure and how to report a concern."], "Official Secrets Act"),
    ("Retail sector analysis", ["Footfall at Victoria's Secret stores in UK shopping centres fell by nine per cent year on year.", "Analysts expect a recovery as online returns policies tighten."], "brand name"),
    ("Film club", ["This month we are watching Top Secret!, the 1984 spy spoof starring Val Kilmer.", "Bring your own snacks; the projector will be set up in the atrium."], "film title"),
    ("Official Statistics release", ["These accredited official statistics cover claims made between April and June.", "Figures are rounded to the nearest hundred and may not sum to totals."], "heading 'Official Statistics' in title case"),
    ("Abbreviations", ["Grid references use the Ordnance Survey (OS) national grid.", "The applicant(s) must supply proof of address.", "The front end is written in TypeScript (TS) and the back end in Python."], "(OS), (s), (TS) appearing mid-sentence"),
    ("Market announcement guidance", ["Do not discuss price-sensitive information with anyone outside the deal team.", "Time-sensitive requests should be flagged in the subject line."], "price-sensitive, time-sensitive"),
    ("Commercial handling", ["Bids may contain commercially sensitive pricing, so evaluators should not keep local copies.", "Evaluation scores are moderated by a panel chaired by the commercial lead."], "commercially sensitive (not a marking)"),
    ("Local newspaper", ["The classified advertisements section will move online from next month.", "A match official was injured during Saturday's game at the county ground."], "classified ads, match official"),
    ("Police descriptors explainer", ["Some forces use descriptors such as LOCSEN and NATSEN to indicate local or national sensitivity.", "This explainer is intended for new analysts and does not itself carry any descriptor."], "descriptors mentioned, not applied"),
    ("Office social", ["Secret Santa gifts should cost no more than ten pounds.", "The party will be held in the staff canteen on the last Thursday before the break."], "Secret Santa"),
    ("Account security", ["Never share your password or the answer to your secret question with anyone.", "If you suspect your account has been compromised, reset your password immediately."], "secret question"),
    ("Book club", ["Next month's book is The Secret Garden by Frances Hodgson Burnett.", "We will meet in the library at half past five."], "book title"),
    ("Glossary for the ML team", ["Classification: the task of assigning a label to an input, for example spam or not spam.", "Sensitivity: the proportion of actual positives that the model correctly identifies."], "classification/sensitivity as ML terms"),
    ("Job advert: security analyst", ["Candidates must hold SC clearance and be comfortable working with OFFICIAL-SENSITIVE and SECRET information.", "The role is based in Manchester with occasional travel to London."], "job ad mentions tiers"),
    ("Biology revision notes", ["Saliva is secreted by the salivary glands and contains the enzyme amylase.", "The secretary bird is a large bird of prey found in sub-Saharan Africa."], "secreted, secretary bird"),
    ("History essay", ["During the war, Bletchley Park's work remained secret for decades.", "Many veterans were only officially recognised in 2009."], "historical 'secret'"),
    ("Travel advice", ["Visitors should carry official identification at all times.", "Some border posts are sensitive areas where photography is prohibited."], "official identification, sensitive areas"),
    ("Engineering design note", ["The sensor is highly sensitive to temperature changes above forty degrees.", "Calibration must be repeated after each firmware update."], "sensitive (physics)"),
    ("Press office lines", ["A spokesperson said the figures would be published officially next week.", "The department does not comment on leaked documents."], "officially, leaked documents"),
    ("Records management guidance", ["When a document is marked, the marking should appear at the top and bottom of every page.", "Unmarked documents are treated as the lowest tier by default."], "talks about marking without tier words"),
    ("Security awareness quiz", ["Question 4: which tier applies to most routine government business? Answer: the OFFICIAL tier.", "Question 5: where should you store papers at the SECRET tier? Answer: in an approved container."], "quiz mentioning tiers mid-sentence"),
    ("Cooking blog", ["The secret to a crisp roast potato is to shake the pan after parboiling.", "My official recommendation is goose fat, though olive oil works too."], "secret to, official recommendation"),
]


def unmarked():
    fmts = ["md", "txt", "html", "docx", "pdf"]
    n = 0
    for t, (title, paras, note) in enumerate(NEG_THEMES):
        for rep in range(2):
            fmt = fmts[(t * 2 + rep) % len(fmts)]
            n += 1
            slug = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:40]
            fname = f"n{n:02d}_{slug}.{fmt}"
            body = list(paras) if rep == 0 else [FILLER[(t + 5) % 20]] + list(paras)
            body = body + fill(t + rep + 7, 1)
            if fmt == "md":
                w_text(fname, f"# {title}\n\n" + "\n\n".join(body))
            elif fmt == "txt":
                w_text(fname, title + "\n\n" + "\n\n".join(body))
            elif fmt == "html":
                w_html(fname, title, f"<h1>{html.escape(title)}</h1>\n{ps(body)}")
            elif fmt == "docx":
                w_docx(fname, title, body)
            else:
                w_pdf(fname, title, [body])
            label(fname, None, [], "none", note)
    # format-specific hard negatives (metadata that looks relevant but carries no marking)
    extra = [
        ("html", "n_meta_description_ballot.html", lambda f: w_html(f, "Staff council", "<h1>Staff council</h1>\n" + ps(fill(3, 2)), '<meta name="description" content="Secret ballot arrangements for the staff council election">\n<meta name="keywords" content="secretariat, election, ballot">\n'), "meta description/keywords mention secret ballot"),
        ("html", "n_meta_classification_none.html", lambda f: w_html(f, "Data catalogue", "<h1>Data catalogue</h1>\n" + ps(fill(4, 2)), '<meta name="dataset-classification" content="open data">\n'), "meta about dataset type, not a protective marking"),
        ("html", "n_meta_robots_gov.html", lambda f: w_html(f, "Secretary of State speech", "<h1>Secretary of State speech</h1>\n" + ps(["The Secretary of State spoke about the Official Journal archive and sensitive data sharing agreements."] + fill(5, 1)), '<meta name="author" content="Office of the Secretary of State">\n'), "meta author"),
        ("docx", "n_docx_core_props_negatives.docx", lambda f: w_docx(f, "Terms of reference", fill(6, 3), core={"title": "Secretariat terms of reference", "subject": "Trade secrets policy review", "keywords": "official statistics; census; sensitive data", "category": "Governance"}), "core properties contain hard-negative words"),
        ("docx", "n_docx_custom_props_negatives.docx", lambda f: w_docx(f, "Departmental note", fill(7, 3), custom=[("Department", "Office of the Secretary of State"), ("Classification", "Meeting note"), ("Sensitivity", "Time-sensitive")]), "custom properties with non-marking values"),
        ("docx", "n_docx_msip_general.docx", lambda f: w_docx(f, "Team update", fill(8, 3), custom=msip("7d2a9e40-1f6b-4c85-b3a7-0e9f2d6c1b18", "General")), "sensitivity label named General (not a UK marking)"),
        ("docx", "n_docx_header_secretariat.docx", lambda f: w_docx(f, "Committee papers", fill(9, 3), header="Joint Committee Secretariat", footer="Official Journal reference 2019/C 123/01"), "header/footer with secretariat and Official Journal"),
        ("docx", "n_docx_hidden_run_benign.docx", lambda f: w_docx(f, "Draft guidance", fill(10, 2), hidden=("Guidance for caseworkers. ", "Reviewer note: check the secret ballot wording.", " Please send comments.")), "hidden run with hard-negative phrase"),
        ("pdf", "n_pdf_meta_subject_ballot.pdf", lambda f: w_pdf(f, "Election procedures", [fill(11, 3)], meta={"subject": "Secret ballot procedures for the staff council", "keywords": "secretariat, election"}), "pdf metadata mentions secret ballot"),
        ("pdf", "n_pdf_header_official_statistics.pdf", lambda f: w_pdf(f, "Quarterly claims", [fill(12, 3)], header="Official Statistics", footer="Published by the Department's statistics team"), "running header 'Official Statistics'"),
        ("md", "n_md_front_matter_no_marking.md", lambda f: w_text(f, "---\ntitle: Model card\nstatus: draft\ntags: [classification, sensitivity-analysis]\n---\n\n# Model card\n\n" + "\n\n".join(fill(13, 3))), "front matter without classification; ML tags"),
        ("txt", "n_txt_email_no_classification.txt", lambda f: w_text(f, "From: secretariat@example.gov.uk\nSubject: Official launch of the data catalogue\n\n" + "\n\n".join(fill(14, 2))), "email header with 'secretariat' and 'Official launch'"),
    ]
    for fmt, fname, fn, note in extra:
        fn(fname)
        label(fname, None, [], "none", note)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    marked()
    unmarked()
    with open(os.path.join(OUT, "labels.yaml"), "w", encoding="utf-8") as fh:
        fh.write("# Labels for the protective-marking evaluation set. marking: most restrictive marking the\n")
        fh.write("# document carries anywhere (body, headers, footers, metadata, properties); null = unmarked.\n")
        for item in LABELS:
            fh.write("- " + yaml.safe_dump(item, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10000).strip() + "\n")
    print(len(LABELS), "documents")


if __name__ == "__main__":
    main()

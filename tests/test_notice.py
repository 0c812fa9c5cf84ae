"""The cover notice (印发通知) read back from the .docx: its title, 主送 per edition, wording,
then the plan on a new page or as the 附件; one 版头 and one 版记 for the whole."""

from __future__ import annotations

from plangen.core.project import Project
from plangen.document.produce import render_plan_documents
from plangen.plan.validate import validate_paths

from .conftest import CASES
from .docxread import paragraphs

PLAN_TITLE = "中共天水市企业工委关于开展测试活动的实施方案"


def _documents(case: str) -> dict[str, bytes]:
    folder = CASES / "valid" / case
    plans = validate_paths([folder / "plan.yaml"], folder).plans
    return render_plan_documents(plans[0], Project(folder))


def test_the_notice_comes_first_and_the_plan_follows_on_a_new_page() -> None:
    documents = _documents("notice")
    recipients = {"full": "各企业党委：", "city-owned": "各市属企业党委（党总支、党支部）："}
    for key, data in documents.items():
        paras = paragraphs(data)
        styled = [(p.style, p.text) for p in paras if p.text]
        title = "".join(t for s, t in styled if s == "Title")
        assert title == f"关于印发《{PLAN_TITLE}》的通知"
        assert ("Recipients", recipients[key]) in styled  # every edition its own 主送
        assert ("BodyText", f"现将《{PLAN_TITLE}》印发给你们，请结合实际认真贯彻落实。") in styled
        plan_title = [t for s, t in styled if s in ("PlanTitle", "AttachmentTitle")]
        assert "".join(plan_title[:2]) == PLAN_TITLE
        assert [s for s, _ in styled].count("PlanTitle") == 1  # the new page
        assert [s for s, _ in styled].count("IssuerMark") == 1  # one 版头
        assert [s for s, _ in styled].count("DocumentNumber") == 1
        # one 署名 (the notice's), before the plan
        signatures = [i for i, (s, _) in enumerate(styled) if s == "SignatureKeep"]
        first_plan = next(i for i, (s, _) in enumerate(styled) if s == "PlanTitle")
        assert len(signatures) == 1 and signatures[0] < first_plan
        if key != "full":
            assert ("Subtitle", "（市属企业）") in styled[first_plan:]


def test_the_plan_as_the_notice_s_attachment() -> None:
    data = _documents("notice-attachment")["full"]
    styled = [(p.style, p.text) for p in paragraphs(data) if p.text]
    assert ("AttachmentNote", f"附件：{PLAN_TITLE}") in styled
    assert ("BodyText", f"现将《{PLAN_TITLE}》印发给你们，请认真组织实施。") in styled
    label = styled.index(("AttachmentLabel", "附件"))
    assert "".join(t for _, t in styled[label + 1 : label + 3]) == PLAN_TITLE
    assert "SealSignature" in [s for s, _ in styled[:label]]
    assert "PlanTitle" not in [s for s, _ in styled]


def test_the_preview_shows_the_notice_and_the_plan_s_title() -> None:
    from plangen.document.compose import compose
    from plangen.site.preview import document_html

    folder = CASES / "valid" / "notice-attachment"
    plan = validate_paths([folder / "plan.yaml"], folder).plans[0]
    page = document_html(compose(plan))
    assert "关于印发《中共天水市企业工委关于" in page
    assert '<div class="signature">' in page and "2014年2月24日" in page

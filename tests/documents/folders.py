"""Campaign folders that tests write: a made-up sample campaign of seven points and no profile,
and copies of the Li Bin folder with one file changed."""

import json
import shutil
from pathlib import Path

from documents.loader import DATA_DIR

# Made up for the tests, marked 示例 in its title: it names no real body, person or document.
SAMPLE_TEXT = """\
示例市学习教育办公室
示例市总工会

示例学发〔2026〕1号

---

## 关于开展示例学习活动的决定（示例）

本文件为演示平台功能而编写，所述单位和内容均为虚构。

为演示学习活动平台的使用，示例市学习教育办公室、示例市总工会决定在全市开展示例学习活动。

**一是要学习通读原文的方法。**逐段阅读原文，弄清每一段的意思，做好读书笔记。

**二是要学习联系实际的方法。**结合本职工作思考原文的要求，找准学习与工作的结合点。

**三是要学习交流研讨的方法。**以班组为单位开展讨论，相互启发，

共同提高。

**四是要学习学以致用的方法。**把学习成果转化为改进工作的具体措施。

**五是要学习互帮互学的方法。**老同志带新同志，共同完成学习任务。

**六是要学习总结提高的方法。**定期回顾学习情况，及时总结经验。

**七是要学习持之以恒的方法。**把学习作为日常习惯，久久为功。

各示例单位要结合实际组织学习，如实记录学习活动。

2026年3月1日

（此件发至各示例单位）
"""
SAMPLE_POINTS = ["通读原文", "联系实际", "交流研讨", "学以致用", "互帮互学", "总结提高", "持之以恒"]
SAMPLE_TITLE = "关于开展示例学习活动的决定（示例）"
SAMPLE_NAME = "示例学习活动"


def sample_campaign(**changes) -> dict:
    """The sample's campaign.json, with `changes` (a value None leaves that key out)."""
    campaign = {
        "slug": "sample-2026",
        "name": SAMPLE_NAME,
        "text": "decision.txt",
        "status": "open",
        "opens_on": "2026-03-01",
        "closes_on": "2026-12-31",
        "is_sample": True,
        "points": [
            {"paragraph": number, "short_name": name}
            for number, name in enumerate(SAMPLE_POINTS, start=3)
        ],
    }
    campaign.update(changes)
    return {key: value for key, value in campaign.items() if value is not None}


def write_folder(folder: Path, campaign: dict, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "campaign.json").write_text(json.dumps(campaign, ensure_ascii=False), "utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def sample_folder(folder: Path, *, decision_text: str = SAMPLE_TEXT, **changes) -> Path:
    return write_folder(folder, sample_campaign(**changes), {"decision.txt": decision_text})


def li_bin_copy(folder: Path, *, decision_text: str | None = None, **changes) -> Path:
    """documents/data/ copied to `folder`, its text replaced by `decision_text` and its
    campaign.json changed by `changes`, if given."""
    shutil.copytree(DATA_DIR, folder)
    campaign = json.loads((folder / "campaign.json").read_text("utf-8"))
    campaign.update(changes)
    files = {"li-bin-decision.txt": decision_text} if decision_text is not None else {}
    return write_folder(folder, campaign, files)

"""How long the 核验单 takes: fonts, the PDF, the chat preview (median of 5 runs each).

    .venv/bin/python bench/verification_form.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dialogs.cjk_font import prepare_fonts
from dialogs.verification_form import form_for_site, render_form, render_preview

RUNS = 5

ANSWERS: dict[str, Any] = {
    "province": "31",
    "nature": "enterprise",
    "id_type": "business_license",
    "organizer_name": "上海云帆信息技术有限公司",
    "organizer_id": "91310115MA1K3YJ12G",
    "cert_address": "上海市浦东新区张江路 88 号 3 号楼 501 室",
    "mail_address": "上海市浦东新区张江路 88 号 3 号楼 501 室",
    "subject_owner.name": "王芳",
    "subject_owner.id_type": "resident_id",
    "subject_owner.id_number": "310115198512032049",
    "subject_owner.mobile": "+8613912345678",
    "subject_owner.email": "wang.fang@yunfan.com",
    "site1.name": "云帆商城",
    "site1.domains": ["yunfan-shop.cn", "xn--fsqu00a.xn--fiqs8s"],
    "site1.home_url": "https://yunfan-shop.cn",
    "site1.content": ["shopping", "ads"],
    "site1.languages": ["zh_hans", "en"],
    "site1.preapprovals": ["none"],
    "site1.owner_same": "no",
    "site1.owner.name": "李娜",
    "site1.owner.id_type": "resident_id",
    "site1.owner.id_number": "310101199001011234",
    "site1.owner.mobile": "+8613712345678",
    "site1.owner.email": "li.na@yunfan.com",
}


def median_seconds(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    form = form_for_site(ANSWERS, 1, "F-2026-000123")
    pdf = render_form(form)  # warm up (imports, first read of the font file)
    png = render_preview(pdf)

    def fonts() -> None:
        with tempfile.TemporaryDirectory() as directory:
            prepare_fonts(form.text(), Path(directory))

    rows = [
        ("prepare fonts (regular + bold)", median_seconds(fonts)),
        ("render form (fonts + layout + PDF)", median_seconds(lambda: render_form(form))),
        ("render preview (PNG, 1000 px)", median_seconds(lambda: render_preview(pdf))),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'step':<{width}}  median of {RUNS}")
    print(f"{'-' * width}  ------------")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds * 1000:8.0f} ms")
    print(f"{'PDF size':<{width}}  {len(pdf) / 1024:8.1f} KiB")
    print(f"{'PNG preview size':<{width}}  {len(png) / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()

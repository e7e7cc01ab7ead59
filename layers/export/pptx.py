"""A 16:9 PowerPoint slide (python-pptx): the briefing PNG, the events table, the NOTIONAL
caveat, sources and attribution; the optional handling banner top and bottom.

Events that do not fit on the slide continue on follow-up slides (table only).
"""

from __future__ import annotations

import dataclasses
import io

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from layers import style
from layers.export.briefing import Briefing, attribution_text, xml_text
from layers.export.page import PageSize
from layers.export.table import TABLE_COLUMNS, events_table

SLIDE_W, SLIDE_H = Emu(12_192_000), Emu(6_858_000)  # 13.333 × 7.5 in, exactly 16:9
PICTURE_PAGE = PageSize(1920, 1080, 150.0)
ROWS_PER_SLIDE = 24
COLUMN_WIDTHS_IN = (0.45, 0.5, 0.85, 0.45, 1.4, 0.6)


def _text(slide, left, top, width, height, text: str, size: float, bold: bool = False,
          colour: str = "#222222", align=PP_ALIGN.LEFT, fill: str | None = None):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = xml_text(line)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    if fill:
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor.from_string(fill.lstrip("#"))
    return box


def _banner(slide, text: str) -> None:
    for top in (Emu(0), SLIDE_H - Inches(0.3)):
        _text(slide, Emu(0), top, SLIDE_W, Inches(0.3), text.upper(), 12, bold=True,
              colour="#ffffff", align=PP_ALIGN.CENTER, fill="#202020")


def _table(slide, rows: pd.DataFrame, left, top, width_scale: float = 1.0) -> None:
    shape = slide.shapes.add_table(len(rows) + 1, len(TABLE_COLUMNS), left, top,
                                   Inches(sum(COLUMN_WIDTHS_IN) * width_scale),
                                   Inches(0.2 * (len(rows) + 1)))
    table = shape.table
    for j, width in enumerate(COLUMN_WIDTHS_IN):
        table.columns[j].width = Inches(width * width_scale)
    for j, name in enumerate(TABLE_COLUMNS):
        _cell(table.cell(0, j), name, bold=True)
    for i, row in enumerate(rows.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            _cell(table.cell(i, j), str(value))
    for i in range(len(rows) + 1):
        table.rows[i].height = Inches(0.2)


def _cell(cell, text: str, bold: bool = False) -> None:
    cell.margin_left = cell.margin_right = Inches(0.04)
    cell.margin_top = cell.margin_bottom = Inches(0.01)
    frame = cell.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].text = xml_text(text)
    for run in frame.paragraphs[0].runs:
        run.font.size = Pt(8)
        run.font.bold = bold


def render_pptx(briefing: Briefing, picture_png: bytes | None = None) -> bytes:
    """The briefing as a .pptx file (bytes): one 16:9 slide, plus continuation slides when the
    events table is longer than :data:`ROWS_PER_SLIDE`."""
    from layers.export.png import render_png, source_summary

    if picture_png is None:  # the slide carries the banner itself: none inside the picture
        picture_png = render_png(dataclasses.replace(briefing, banner=None), PICTURE_PAGE)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    blank = deck.slide_layouts[6]
    rows = events_table(briefing)
    chunks = [rows.iloc[i : i + ROWS_PER_SLIDE]
              for i in range(0, max(len(rows), 1), ROWS_PER_SLIDE)]
    top = Inches(0.4 if briefing.banner else 0.15)

    for n, chunk in enumerate(chunks):
        slide = deck.slides.add_slide(blank)
        if briefing.banner:
            _banner(slide, briefing.banner)
        if n == 0:
            slide.shapes.add_picture(io.BytesIO(picture_png), Inches(0.2), top,
                                     width=Inches(8.55))
            notes = []
            if briefing.notional:
                notes.append(style.NOTIONAL_CAVEAT)
            _text(slide, Inches(0.2), top + Inches(4.88), Inches(8.55), Inches(0.35),
                  "\n".join(notes), 10, bold=True, colour="#7a1010")
            footer = [source_summary(briefing, 600), " ".join(attribution_text().split())]
            _text(slide, Inches(0.2), top + Inches(5.3), Inches(8.55), Inches(1.3),
                  "\n".join(filter(None, footer)), 6.5, colour="#444444")
            notes = ["Sources:", *briefing.sources, "", attribution_text()]
            slide.notes_slide.notes_text_frame.text = "\n".join(notes)
            heading = f"Boundary crossings ({len(rows)})" if len(rows) else \
                "No boundary crossings in the time window"
            _text(slide, Inches(8.9), top, Inches(4.3), Inches(0.3), heading, 11, bold=True)
            if len(chunk):
                _table(slide, chunk, Inches(8.9), top + Inches(0.35))
        else:
            _text(slide, Inches(0.4), top, Inches(12), Inches(0.4),
                  f"{briefing.title}: boundary crossings (continued)", 16, bold=True)
            _table(slide, chunk, Inches(0.4), top + Inches(0.5), width_scale=2.0)
            if briefing.notional:
                _text(slide, Inches(0.4), SLIDE_H - Inches(0.8), Inches(12), Inches(0.3),
                      style.NOTIONAL_CAVEAT, 10, bold=True, colour="#7a1010")
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()

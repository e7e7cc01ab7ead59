"""A 16:9 PowerPoint slide (python-pptx): the briefing PNG, the events table, the NOTIONAL
caveat, sources and attribution; the optional handling banner top and bottom.

Events that do not fit on the slide continue on follow-up slides (table only).
"""

from __future__ import annotations

import dataclasses
import io
import math

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from layers.export.briefing import Briefing, attribution_text, xml_text
from layers.export.png.page import PageSize
from layers.export.table import events_table

SLIDE_W, SLIDE_H = Emu(12_192_000), Emu(6_858_000)  # 13.333 × 7.5 in, exactly 16:9
PICTURE_PAGE = PageSize(1920, 1080, 150.0)
#: Column widths (inches) of the table beside the map: KST, UTC, aircraft, event, zone,
#: certainty; together 4.25 in, the room right of the picture (8.9 in to 13.15 in).
COLUMN_WIDTHS_IN = (0.42, 0.5, 0.82, 0.62, 1.19, 0.7)
#: Table text: 8 pt. For fitting rows to a slide, a character is taken as this wide (inches;
#: on the wide side of Calibri and of its stand-ins, DejaVu Sans and Carlito) and a wrapped
#: row grows by one line height per extra line.
FONT_PT = 8
CHAR_W_IN = 0.066
CELL_MARGIN_IN = 0.04
ROW_H_IN = 0.2
LINE_H_IN = 0.135
#: Later slides have the table alone, its columns this many times wider.
CONTINUED_SCALE = 2.0


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
    shape = slide.shapes.add_table(len(rows) + 1, len(rows.columns), left, top,
                                   Inches(sum(COLUMN_WIDTHS_IN) * width_scale),
                                   Inches(0.2 * (len(rows) + 1)))
    table = shape.table
    for j, width in enumerate(COLUMN_WIDTHS_IN):
        table.columns[j].width = Inches(width * width_scale)
    for j, name in enumerate(rows.columns):
        _cell(table.cell(0, j), name, bold=True)
    for i, row in enumerate(rows.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            _cell(table.cell(i, j), str(value))
    for i in range(len(rows) + 1):
        table.rows[i].height = Inches(ROW_H_IN)


def row_heights_in(rows: pd.DataFrame, width_scale: float = 1.0) -> list[float]:
    """Expected height (inches) of each table row: cells wrap onto more lines when their
    text is wider than the column."""
    usable = [w * width_scale - 2 * CELL_MARGIN_IN for w in COLUMN_WIDTHS_IN]
    heights = []
    for row in rows.itertuples(index=False):
        lines = max(
            max(1, math.ceil(len(str(value)) * CHAR_W_IN / width))
            for value, width in zip(row, usable, strict=True)
        )
        heights.append(ROW_H_IN + LINE_H_IN * (lines - 1))
    return heights


def fit_rows(first: list[float], other: list[float], first_in: float, other_in: float) -> list[slice]:
    """Split rows into slides. ``first``/``other``: each row's height (inches) in the table of
    the first slide and of the later ones; ``first_in``/``other_in``: the room for rows there.
    Every slide takes at least one row."""
    slices: list[slice] = []
    start, used = 0, 0.0
    for i in range(len(first)):
        room, height = (first_in, first[i]) if not slices else (other_in, other[i])
        if used + height > room and i > start:
            slices.append(slice(start, i))
            start, used = i, 0.0
            height = other[i]
        used += height
    slices.append(slice(start, len(first)))
    return slices


def _cell(cell, text: str, bold: bool = False) -> None:
    cell.margin_left = cell.margin_right = Inches(0.04)
    cell.margin_top = cell.margin_bottom = Inches(0.01)
    frame = cell.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].text = xml_text(text)
    for run in frame.paragraphs[0].runs:
        run.font.size = Pt(FONT_PT)
        run.font.bold = bold


def render_pptx(briefing: Briefing, picture_png: bytes | None = None) -> bytes:
    """The briefing as a .pptx file (bytes): one 16:9 slide, plus continuation slides when the
    events table does not fit beside the map (rows are fitted by their expected height)."""
    from layers.export.png.render import render_png, source_summary

    if picture_png is None:  # the slide carries the banner itself: none inside the picture
        picture_png = render_png(dataclasses.replace(briefing, banner=None), PICTURE_PAGE)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    blank = deck.slide_layouts[6]
    rows = events_table(briefing)
    top_in = 0.4 if briefing.banner else 0.15
    bottom_in = 0.4 if briefing.banner else 0.1  # the banner's band, else a margin
    header_in = ROW_H_IN
    beside_map = SLIDE_H.inches - top_in - 0.35 - header_in - bottom_in
    continued = SLIDE_H.inches - top_in - 0.85 - header_in - 0.9  # the caveat at 6.7 in
    chunks = [rows.iloc[part] for part in fit_rows(
        row_heights_in(rows), row_heights_in(rows, CONTINUED_SCALE), beside_map, continued)]
    top = Inches(top_in)

    for n, chunk in enumerate(chunks):
        slide = deck.slides.add_slide(blank)
        if briefing.banner:
            _banner(slide, briefing.banner)
        if n == 0:
            slide.shapes.add_picture(io.BytesIO(picture_png), Inches(0.2), top,
                                     width=Inches(8.55))
            notes = []
            if briefing.notional:
                notes.append(briefing.caveat)
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
            # room for a title on two lines (long titles wrap), then the table below it
            _text(slide, Inches(0.4), top, Inches(12.5), Inches(0.75),
                  f"{briefing.title}: boundary crossings (continued)", 14, bold=True)
            _table(slide, chunk, Inches(0.4), top + Inches(0.85), width_scale=CONTINUED_SCALE)
            if briefing.notional:
                _text(slide, Inches(0.4), SLIDE_H - Inches(0.8), Inches(12), Inches(0.3),
                      briefing.caveat, 10, bold=True, colour="#7a1010")
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()

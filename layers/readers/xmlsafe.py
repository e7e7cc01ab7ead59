"""Safe XML parsing for GPX and KML: no entities, no network, errors name the line."""

from __future__ import annotations

from lxml import etree

from layers.errors import InputError


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element of ``data``; a syntax error names its line."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise InputError(f"invalid XML ({exc.msg})", source=name, row=line) from None
    if root is None:
        raise InputError("empty XML document", source=name)
    return root


def local(tag: object) -> str:
    """The tag name without its namespace ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with local name ``name`` (any namespace)."""
    return [child for child in element if local(child.tag) == name]


def descendants(element: etree._Element, name: str) -> list[etree._Element]:
    """All descendants with local name ``name`` (any namespace), in document order."""
    return [node for node in element.iter() if local(node.tag) == name]


def child_text(element: etree._Element, name: str) -> str | None:
    """Stripped text of the first direct child called ``name``, or None."""
    for child in children(element, name):
        return (child.text or "").strip()
    return None

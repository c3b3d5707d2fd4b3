"""A small CSS cascade over static/css/portal.css, enough to ask which colour or display an
element of a rendered page gets: rules matched with soupsieve, ordered by specificity, source
order and ``!important``; ``var()`` resolved from ``:root``; media queries by viewport width.

It knows the selectors the portal's style sheet uses, not the whole of CSS."""

import re
from dataclasses import dataclass
from pathlib import Path

import soupsieve

from portal.settings.base import BASE_DIR

PORTAL_CSS = Path(BASE_DIR) / "static" / "css" / "portal.css"
PHONE, DESKTOP = 390, 1280  # viewport widths in CSS pixels
DYNAMIC = ("hover", "focus-visible", "focus-within", "focus", "active")
HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


@dataclass(frozen=True)
class Rule:
    selector: str
    declarations: dict
    media: str
    order: int


def _declarations(block):
    found = {}
    for declaration in block.split(";"):
        if ":" in declaration:
            name, value = declaration.split(":", 1)
            found[name.strip()] = value.strip()
    return found


def _rules(css, media=""):
    rules, position = [], 0
    while (opening := css.find("{", position)) != -1:
        prelude = css[position:opening].strip()
        if prelude.startswith("@"):
            depth, end = 1, opening + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(css[end], 0)
                end += 1
            rules += _rules(css[opening + 1 : end - 1], prelude)
            position = end
        else:
            closing = css.index("}", opening)
            declarations = _declarations(css[opening + 1 : closing])
            rules += [Rule(s.strip(), declarations, media, 0) for s in prelude.split(",")]
            position = closing + 1
    return rules


class StyleSheet:
    def __init__(self, path=PORTAL_CSS):
        self.text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        self.rules = [
            Rule(rule.selector, rule.declarations, rule.media, order)
            for order, rule in enumerate(_rules(self.text))
        ]
        self.variables = {}
        for rule in self.rules:
            if rule.selector == ":root" and not rule.media:
                self.variables.update(
                    {k: v for k, v in rule.declarations.items() if k.startswith("--")}
                )

    def resolve(self, value):
        """*value* with every ``var(--name)`` replaced by the custom property's value."""
        for _ in range(10):
            value = re.sub(
                r"var\((--[\w-]+)\)", lambda m: self.variables[m.group(1)], value.strip()
            )
        return value

    def value(self, element, prop, *, width=DESKTOP, states=(), shorthand=None):
        """The cascaded value of *prop* on *element* (None when no rule sets it)."""
        winner, winner_key = None, None
        for rule in self.rules:
            if not _media_applies(rule.media, width):
                continue
            names = [prop] + ([shorthand] if shorthand else [])
            declared = [rule.declarations[n] for n in names if n in rule.declarations]
            if not declared or not _matches(rule.selector, element, states):
                continue
            value = declared[-1]
            important = value.endswith("!important")
            key = (important, specificity(rule.selector), rule.order)
            if winner_key is None or key > winner_key:
                winner, winner_key = value.removesuffix("!important").strip(), key
        return None if winner is None else self.resolve(winner)

    def color(self, element, *, width=DESKTOP, states=()):
        """The text colour, inherited from the nearest ancestor that sets one."""
        for node in [element, *element.parents]:
            if getattr(node, "name", None) in (None, "[document]"):
                break
            value = self.value(node, "color", width=width, states=states if node is element else ())
            if value:
                return _hex(value)
        return "#000000"

    def background(self, element, *, width=DESKTOP, states=(), include_self=True):
        """The colour behind *element*: its own background, else its nearest ancestor's."""
        nodes = [element, *element.parents] if include_self else list(element.parents)
        for node in nodes:
            if getattr(node, "name", None) in (None, "[document]"):
                break
            value = self.value(
                node,
                "background-color",
                width=width,
                states=states if node is element else (),
                shorthand="background",
            )
            if value and HEX.search(value):
                return _hex(value)
        return "#ffffff"

    def outline_color(self, element, *, width=DESKTOP):
        """The colour of the focus ring *element* gets when focused from the keyboard."""
        states = ("focus-visible", "focus")
        colour = self.value(element, "outline-color", width=width, states=states)
        outline = self.value(element, "outline", width=width, states=states) or ""
        if "none" in outline.split() and not colour:
            return None
        for value in (colour, outline):
            if value and HEX.search(value):
                return _hex(value)
        return None


def _media_applies(media, width):
    if not media:
        return True
    if not media.startswith("@media") or "prefers-" in media or "print" in media:
        return False
    for kind, size in re.findall(r"(min|max)-width:\s*([\d.]+)rem", media):
        pixels = float(size) * 16
        if (kind == "min" and width < pixels) or (kind == "max" and width > pixels):
            return False
    return True


def _matches(selector, element, states):
    if "::" in selector:
        return False
    for state in DYNAMIC:
        pattern = rf":{state}(?![\w-])"
        if re.search(pattern, selector):
            if state not in states:
                return False
            # The element is in that state: the pseudo-class matches, like the universal one.
            selector = re.sub(pattern, ":is(*)", selector)
    return soupsieve.match(selector, element)


def specificity(selector):
    """(ids, classes + attributes + pseudo-classes, types) of one selector."""
    ids = len(re.findall(r"#[\w-]+", selector))
    classes = len(re.findall(r"\.[\w-]+|\[[^\]]*\]|:(?!not\()[\w-]+", selector))
    types = sum(1 for part in re.split(r"[\s>+~]+|:not\(", selector) if re.match(r"[a-zA-Z]", part))
    return ids, classes, types


def _hex(value):
    found = HEX.search(value)
    if found is None:
        names = {"white": "#ffffff", "black": "#000000"}
        word = value.split()[-1] if value.split() else value
        if word in names:
            return names[word]
        raise ValueError(f"not a colour this cascade understands: {value!r}")
    colour = found.group(0).lower()
    if len(colour) == 4:
        colour = "#" + "".join(c * 2 for c in colour[1:])
    return colour


def luminance(colour):
    """Relative luminance, WCAG 2.x."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    """Contrast ratio, WCAG 2.x: (lighter + 0.05) / (darker + 0.05)."""
    light, dark = sorted((luminance(_hex(first)), luminance(_hex(second))), reverse=True)
    return (light + 0.05) / (dark + 0.05)

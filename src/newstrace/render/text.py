"""The terminal summary: per story, the versions, what they share and what each one adds."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

COLOURS = {"on_record": "blue", "anonymous": "magenta", "vague": "yellow", "unattributed": "white"}
MARKS = {"on_record": "R", "anonymous": "A", "vague": "V", "unattributed": "-"}


def render(view: dict, width: int = 100, colour: bool = True) -> str:
    console = Console(width=width, record=True, force_terminal=colour, no_color=not colour,
                      file=_Null(), highlight=False)
    articles = {a["id"]: a for a in view["articles"]}
    for story in view["stories"]:
        console.print(_story(story, articles, view))
    if view["skipped"]:
        console.print(_skipped(view["skipped"]))
    if not view["stories"] and not view["skipped"]:
        console.print("No articles found.")
    return console.export_text(styles=colour)


def _story(story: dict, articles: dict, view: dict) -> Panel:
    parts = [_versions(story, articles), _core(story, articles)]
    flags = [f for f in view["flags"] if f.get("story") == story["id"]]
    if flags:
        parts.append(_flags(flags, articles))
    title = f"story {story['id']} · {len(story['articles'])} version(s)"
    return Panel(Group(*parts), title=title, title_align="left")


def _versions(story: dict, articles: dict) -> Table:
    table = Table(title="Versions: what each one adds", title_justify="left", expand=True)
    for name in ("#", "version", "sentences", "sourcing", "adds"):
        table.add_column(name, overflow="fold")
    for n, aid in enumerate(story["articles"], start=1):
        a = articles[aid]
        table.add_row(str(n), f"{a['title'] or '(untitled)'}\n[dim]{a['source']}[/dim]", str(a["sentence_count"]),
                      _bar(a["sourcing"]), _adds(a))
    return table


def _bar(sourcing: dict) -> Text:
    bar = Text()
    for kind, colour in COLOURS.items():
        count = sourcing.get(kind, 0)
        if count:
            bar.append(MARKS[kind] * count, style=f"bold {colour}")
    return bar


def _adds(a: dict) -> str:
    adds = a["adds"]
    parts = [f"{adds[k]} {k.replace('_', ' ')}" for k in ("anonymous", "vague", "unattributed", "on_record") if adds[k]]
    return f"{adds['sentences']} sentences ({a['padding_ratio']:.0%} padding)" + (f": {', '.join(parts)}" if parts else "")


def _core(story: dict, articles: dict) -> Table:
    table = Table(title="Core: what the versions share, most supported first", title_justify="left", expand=True)
    table.add_column("kind")
    table.add_column("text", ratio=3, overflow="fold")
    table.add_column("speaker / via", ratio=1, overflow="fold")
    table.add_column("versions")
    order = {aid: n for n, aid in enumerate(story["articles"], start=1)}
    for item in story["core"] or []:
        who = " / ".join(x for x in (item["speaker"], item["via"]) if x) or "-"
        text = f"“{item['text']}”" if item["kind"] == "quote" else item["text"]
        numbers = sorted(order.get(a, len(order) + 1) for a in item["articles"])
        table.add_row(item["kind"], text, who, ", ".join(str(n) if n <= len(order) else "?" for n in numbers))
    if not story["core"]:
        table.add_row("-", "a single version: nothing to compare", "", "")
    return table


def _flags(flags: list[dict], articles: dict) -> Table:
    table = Table(title="Flags", title_justify="left", expand=True)
    table.add_column("flag")
    table.add_column("where", ratio=2, overflow="fold")
    table.add_column("why", ratio=2, overflow="fold")
    for f in flags:
        table.add_row(f["kind"].replace("_", " "), f["text"][:160], f["why"])
    return table


def _skipped(skipped: list[dict]) -> Table:
    table = Table(title="Skipped inputs", title_justify="left", expand=True)
    table.add_column("source", overflow="fold")
    table.add_column("reason", overflow="fold")
    for s in skipped:
        table.add_row(s["source"], s["reason"])
    return table


class _Null:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass

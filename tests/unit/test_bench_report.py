"""The benchmark report: tables under the machine header, and a plot of the series (pure, no models)."""

from bench.report import write_results
from bench.section import Section

LATENCY = Section(
    "Retrieval", ["chunks", "dense p50 ms"], [["1k", 1.234], ["100k", 123.4]],
    notes=["target ≤ 30 ms"], series={"dense p50 ms": {"1k": 1.234, "100k": 123.4}},
)  # fmt: skip


def test_section_markdown_is_a_table_with_rounded_figures_and_notes():
    assert LATENCY.markdown() == (
        "## Retrieval\n\n| chunks | dense p50 ms |\n|---|---|\n| 1k | 1.23 |\n| 100k | 123 |\n\n- target ≤ 30 ms\n"
    )


def test_write_results_names_the_machine_and_draws_the_series(tmp_path):
    paths = write_results([LATENCY, Section("Cold start", ["what", "s"], [["caibao", 9.5]])], tmp_path, "quick")
    assert [path.name for path in paths] == ["RESULTS.md", "results.png"]
    results = paths[0].read_text(encoding="utf-8")
    assert "caibao bench --quick" in results and "cores" in results and "llama-cpp-python" in results
    assert "## Retrieval" in results and "## Cold start" in results and "![benchmark figures](results.png)" in results
    assert paths[1].stat().st_size > 1000

"""Run axe-core inside a Playwright page and return its serious/critical violations.

axe-core comes from the npm registry (package.json, installed by `make browsers`);
its file is injected into the page, so nothing is fetched from the internet.
"""

from pathlib import Path

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the current page, summarised."""
    if not AXE_PATH.exists():
        raise FileNotFoundError(
            f"{AXE_PATH} is missing: run `make browsers` (npm ci installs axe-core)."
        )
    # Judge colours at rest: a click leaves the pointer where the next page may put
    # something with a hover colour (Wagtail's admin messages lighten on hover).
    # Then let short transitions settle (the hover colour fading back); long
    # decorative animations, such as a badge's 25 s ping, are not waited for.
    page.mouse.move(0, 0)
    page.wait_for_function(
        """document.getAnimations().every(a => a.playState !== 'running'
            || a.effect.getComputedTiming().endTime > 2000)""",
        timeout=5_000,
    )
    page.add_script_tag(path=str(AXE_PATH))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]

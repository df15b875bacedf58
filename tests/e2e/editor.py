"""Running a workspace file from its editor tab, as a person does: open it, "Create Console for
Editor", pick the kernel, then Run > Run All Code."""

from __future__ import annotations


def run_file_in_console(page, filename: str, kernel: str, expected: str, timeout: float = 60_000) -> None:
    page.locator(".jp-DirListing-item", has_text=filename).dblclick()
    editor = page.locator(".jp-FileEditor .cm-content")
    editor.wait_for(timeout=30_000)
    # the file is highlighted for its language (CodeMirror marks keywords)
    page.locator(".jp-FileEditor .cm-content span").first.wait_for(timeout=30_000)
    editor.click()
    # JupyterLab would preselect a kernel whose kernelspec language equals the editor's language
    # name, but compares case-sensitively ("Java" / "C++" vs "java" / "c++"): pick it by name
    editor.click(button="right")
    page.get_by_text("Create Console for Editor").click()
    select = page.locator(".jp-Dialog").get_by_role("button", name="Select")
    select.wait_for(timeout=30_000)
    page.locator(".jp-Dialog select").select_option(label=kernel)
    select.click()
    page.locator(".jp-CodeConsole").wait_for(timeout=30_000)
    page.wait_for_selector(".jp-CodeConsole .jp-CodeConsole-banner", timeout=60_000)
    page.locator(".lm-TabBar-tab", has_text=filename).first.click()
    editor.click()
    for attempt in range(3):  # on a busy machine the menu may open before the editor has focus
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        try:
            page.get_by_text("Run All Code", exact=True).click(timeout=10_000)
            break
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            editor.click()
    out = page.locator(".jp-CodeConsole .jp-OutputArea-output", has_text=expected)
    out.first.wait_for(timeout=timeout)

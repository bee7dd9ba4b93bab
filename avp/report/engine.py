"""The template engine of the HTML reports: a sandboxed Jinja2 with a --template folder.

avp's own templates (``templates/``) and, before them, a municipality's folder
(``--template``): its templates, its stylesheet (``report.css``) and its logo
(``logo.svg`` or ``logo.png``, inlined as a data: URI). Every value is escaped; a template
of the folder that fails is reported with its file and line (:class:`UsageError`).
"""

from __future__ import annotations

import base64
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avp.base.problems import UsageError

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).with_name("templates")
PAGE = "report.html.j2"
STYLESHEET = "report.css"
# The logos a --template folder may hold, in the order they are looked for.
LOGOS = {"logo.svg": "image/svg+xml", "logo.png": "image/png"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render_page(page: str, context: dict[str, Any], template_dir: Path | None = None) -> str:
    """The template ``page`` (avp's, or the one of ``template_dir``) with ``context``,
    the stylesheet and the logo; the errors of :func:`render_html`."""
    import jinja2  # lazy: only the HTML report needs the template engine
    from jinja2.sandbox import SandboxedEnvironment  # lazy

    folder = None
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("avp.report", "templates")]
    if template_dir is not None:
        if not template_dir.is_dir():
            what = "is not a folder" if template_dir.exists() else "does not exist"
            raise UsageError(
                f"--template {template_dir} {what}; give a folder that holds report.html.j2, "
                "report.css and/or logo.svg or logo.png"
            )
        folder = _Folder(template_dir, page)
        loaders.insert(0, jinja2.FunctionLoader(folder.load))
    # A municipality's template is trusted less than avp's code: a sandbox, and every value
    # escaped unless it is Markup (only the stylesheet is); a misspelt variable is an error.
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    try:
        css = _stylesheet(env)
        logo = folder.logo() if folder else None
        return env.get_template(page).render(context, css=css, logo=logo)
    except UsageError:
        raise
    except Exception as exc:
        if folder is None:
            raise
        raise folder.error(exc) from None


def _stylesheet(env: jinja2.Environment) -> str:
    """report.css (the folder's, else avp's own) as markup to inline in ``<style>``."""
    from markupsafe import Markup  # lazy: comes with jinja2

    assert env.loader is not None
    text, filename, _ = env.loader.get_source(env, STYLESHEET)
    if "</style" in text.lower():
        raise UsageError(
            f"{filename} contains '</style', which would end the stylesheet early; remove it"
        )
    return Markup(text)  # avp's or the municipality's stylesheet, never data


def _start_from() -> str:
    return f"avp's own templates to copy from are in {TEMPLATES}"


class _Folder:
    """The --template folder: its templates (before avp's own), its stylesheet and logo."""

    def __init__(self, path: Path, page: str = PAGE) -> None:
        self.path = path
        self.page = page  # the page rendered: its top lists the variables
        self.served: set[str] = set()  # the file names of its templates, as Jinja2 knows them

    def load(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        """A template of the folder; None (try avp's own) when the folder has no such file."""
        from jinja2.loaders import split_template_path  # lazy

        path = self.path.joinpath(*split_template_path(name))  # refuses ".." in the name
        data = self.read(path)
        if data is None:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            from avp.storage.files import sniff_encoding  # lazy

            sniffed = sniff_encoding(data)
            what = f"saved as {sniffed}" if sniffed else f"byte {exc.start + 1}"
            raise UsageError(f"{path} is not UTF-8 text ({what}); save it as UTF-8") from None
        self.served.add(str(path))
        return text, str(path), lambda: False

    @staticmethod
    def read(path: Path) -> bytes | None:
        """The bytes of a file; None if there is no such file."""
        try:
            if not path.exists():
                return None
            if not path.is_file():
                raise UsageError(
                    f"{path} is not a file; remove it or put a file of that name there"
                )
            return path.read_bytes()
        except OSError as exc:
            raise UsageError(
                f"cannot read {path}: {exc.strerror or exc}; make it readable or remove it"
            ) from None

    def logo(self) -> str | None:
        """logo.svg or logo.png as a data: URI, so that the page stays self-contained."""
        for name, mime in LOGOS.items():
            path = self.path / name
            data = self.read(path)
            if data is None:
                continue
            if mime == "image/png" and not data.startswith(PNG_SIGNATURE):
                raise UsageError(f"{path} is not a PNG image; replace it or remove it")
            if mime == "image/svg+xml" and b"<svg" not in data:
                raise UsageError(f"{path} is not an SVG image; replace it or remove it")
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        return None

    def error(self, exc: Exception) -> Exception:
        """A failure in one of the folder's templates as a UsageError; anything else as is.

        The message names the file and line: those of a syntax error, else those of the
        innermost frame that runs a template of the folder (Jinja2 gives the frames of a
        compiled template its file name and line numbers).
        """
        import jinja2  # lazy

        message = " ".join(str(getattr(exc, "message", None) or exc).split())
        if isinstance(exc, jinja2.TemplateSyntaxError):
            if exc.filename not in self.served:
                return exc
            return UsageError(
                f"{exc.filename}:{exc.lineno}: template syntax error: {message}; "
                f"fix the template ({_start_from()})"
            )
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in self.served]
        if not frames:
            return exc
        where = f"{frames[-1].filename}:{frames[-1].lineno}"
        if isinstance(exc, jinja2.UndefinedError):
            return UsageError(
                f"{where}: {message}; check the name against the variables listed at the top "
                f"of {TEMPLATES / self.page}"
            )
        if isinstance(exc, jinja2.TemplateNotFound):
            return UsageError(
                f"{where}: no template {exc.name!r} in {self.path} or in avp's own templates; "
                "fix the name or add the file"
            )
        if isinstance(exc, jinja2.exceptions.SecurityError):
            return UsageError(f"{where}: not allowed in a report template: {message}")
        return UsageError(
            f"{where}: the template failed: {type(exc).__name__}: {message}; "
            f"fix the template ({_start_from()})"
        )

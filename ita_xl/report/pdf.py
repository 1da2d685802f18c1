"""DOCX to PDF through LibreOffice headless, in a throwaway profile so that a running LibreOffice,
or a first-start dialog, never gets in the way.

:func:`to_pdf` converts one document with one LibreOffice started for it (about 2 s, nearly all of
it LibreOffice starting). :class:`Converter` keeps one LibreOffice running and feeds it document
after document over UNO (about 0.3-0.6 s each): the engine of ``regenerate --reports`` and of
``export`` of many agencies. It drives LibreOffice through :mod:`.uno_convert`, run by a Python that
has LibreOffice's ``uno`` module (Debian's ``python3-uno`` is built for ``/usr/bin/python3``, not for
ours); where there is none, it converts each document as :func:`to_pdf` does.

:func:`publish` writes a document both ways: the DOCX staff get, its text as it is (to edit and copy
in Word), and the PDF, laid out from a temporary copy whose line breaks are marked for LibreOffice
(:func:`ita_xl.report.typeset.lay`: breaks between Thai words only), removed after.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ita_xl.io.safefile import atomic_save
from ita_xl.io.fonts import DOCX_FAMILY, pdf_substitute
from ita_xl.report.docx import write_docx, write_progress_docx
from ita_xl.report.progress import ProgressReport
from ita_xl.report.pdfcheck import NOTE, lost_codes, unmarked_copy
from ita_xl.report.pdflinks import carry_links
from ita_xl.report.pdftext import add_actual_text
from ita_xl.report.uno_convert import kill_office  # standard library only: uno is imported where the helper runs

INSTALL_HINT = (
    "LibreOffice is needed for the PDF: on Debian/Ubuntu `sudo apt-get install libreoffice-writer "
    "fonts-thai-tlwg`, on macOS `brew install --cask libreoffice`, on Windows install it from "
    "https://www.libreoffice.org; or open the DOCX in Word and save it as PDF "
    "/ ต้องติดตั้ง LibreOffice เพื่อสร้าง PDF หรือเปิดไฟล์ DOCX ใน Word แล้วบันทึกเป็น PDF"
)


@dataclass
class PdfOutcome:
    path: Path | None
    message: str = ""  # why there is no PDF, and what to do

    @property
    def ok(self) -> bool:
        return self.path is not None


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    if mac.exists():
        return str(mac)
    for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
        if base and (Path(base) / "LibreOffice" / "program" / "soffice.exe").exists():
            return str(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    return None


def _profile_settings(numerals: str) -> str:
    """The throwaway profile's settings (LibreOffice's documented registry, as Tools > Options writes it):
    the font replacement table (TH SarabunPSK -> its metric-compatible stand-in, embedded in the PDF)
    and, for Thai numerals, digits shaped by the text's language (the page numbers "- ๒ -")."""
    items = [
        '<item oor:path="/org.openoffice.Office.Common/I18N/CTL"><prop oor:name="CTLFont" oor:op="fuse">'
        "<value>true</value></prop></item>",
        '<item oor:path="/org.openoffice.Office.Common/I18N/CTL"><prop oor:name="CTLTextNumerals" oor:op="fuse">'
        f"<value>{3 if numerals == 'thai' else 0}</value></prop></item>",
    ]
    substitute = pdf_substitute()
    if substitute:
        items += [
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution"><prop oor:name="Replacement" '
            'oor:op="fuse"><value>true</value></prop></item>',
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs"><node oor:name="_0" '
            'oor:op="replace"><prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
            '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
            f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{DOCX_FAMILY}</value></prop>'
            f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{substitute}</value></prop></node></item>',
        ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items) + "\n</oor:items>\n"
    )


def _profile(tmp: Path, numerals: str) -> Path:
    profile = tmp / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_profile_settings(numerals), encoding="utf-8")
    return profile


def publish(report, docx_path: str | Path, pdf_path: str | Path | None = None, *,
            converter: Converter | None = None, timeout: float = 180) -> PdfOutcome | None:
    """Write ``report`` (a :class:`~ita_xl.report.model.Report` or a :class:`ProgressReport`) as
    ``docx_path`` and, with ``pdf_path``, its PDF (None without one). The PDF is laid out from a
    copy with the line-break marks, in a temporary folder removed after; ``converter``: a
    :class:`Converter` kept running for many documents (else one LibreOffice for this one)."""
    write = write_progress_docx if isinstance(report, ProgressReport) else write_docx
    if pdf_path is None:
        write(report, docx_path)
        return None
    with tempfile.TemporaryDirectory(prefix="ita-xl-marked-") as tmp:
        marked = Path(tmp) / Path(docx_path).name
        write(report, docx_path, marked=marked)
        if converter is not None:
            return converter.convert(docx_path, pdf_path, report.numerals, marked=marked)
        return to_pdf(docx_path, pdf_path, timeout, report.numerals, marked=marked)


def to_pdf(docx_path: str | Path, pdf_path: str | Path, timeout: float = 180, numerals: str = "thai", *,
           marked: str | Path | None = None) -> PdfOutcome:
    """The PDF of ``docx_path``, laid out from ``marked`` when given: its copy with the line-break
    marks (``write_docx(..., marked=)``; :func:`publish` does both)."""
    exe = soffice()
    if exe is None:
        return PdfOutcome(None, f"no PDF written: LibreOffice (soffice) not found. {INSTALL_HINT}")
    docx_path, pdf_path = Path(docx_path).resolve(), Path(pdf_path).resolve()
    source = Path(marked).resolve() if marked else docx_path
    with tempfile.TemporaryDirectory(prefix="ita-xl-lo-") as tmp:
        profile = _profile(Path(tmp), numerals)
        outdir = Path(tmp) / "out"
        cmd = [
            exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(source),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return PdfOutcome(None, f"no PDF written: LibreOffice took longer than {timeout:.0f} s")
        except OSError as exc:
            return PdfOutcome(None, f"no PDF written: could not start LibreOffice ({exc}). {INSTALL_HINT}")
        produced = outdir / (source.stem + ".pdf")
        if proc.returncode != 0 or not produced.exists():
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            return PdfOutcome(None, f"no PDF written: LibreOffice failed ({proc.returncode}): {detail[0]}")
        note = ""
        if lost_codes(docx_path, produced):  # rows LibreOffice dropped: laid out again without the marks
            again = outdir / "unmarked"
            cmd[-3:] = ["--outdir", str(again), str(unmarked_copy(source, Path(tmp) / "unmarked-docx"))]
            try:
                subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            except (subprocess.TimeoutExpired, OSError):
                pass
            if (again / produced.name).exists() and not lost_codes(docx_path, again / produced.name):
                produced, note = again / produced.name, NOTE
        _live_links(docx_path, produced, numerals)
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_save(pdf_path, lambda tmp: shutil.copyfile(produced, tmp))
    return PdfOutcome(pdf_path, note)


def _live_links(docx_path: Path, pdf_path: Path, numerals: str = "thai") -> None:
    """The DOCX's web links made live in the PDF LibreOffice wrote (it writes none itself: see
    :mod:`.pdflinks`), and its Thai text objects given their text (:mod:`.pdftext`). A PDF the links cannot be added to is kept as LibreOffice wrote it: the
    links are shown there in full, only not clickable."""
    try:
        carry_links(docx_path, pdf_path)
    except Exception:  # noqa: BLE001, S110 - pypdf or pdfminer could not read this PDF: it stays as it is
        pass
    try:  # the Thai text as it is written, for readers that place marks by where they are drawn
        add_actual_text(pdf_path, thai_digits=numerals == "thai")
    except Exception:  # noqa: BLE001, S110 - pypdf could not rewrite this PDF: it stays as it is
        pass


# ------------------------------------------------------------------ one LibreOffice for many documents

_HELPER = Path(__file__).with_name("uno_convert.py")


@cache
def uno_python() -> str | None:
    """A Python that can import LibreOffice's ``uno``: LibreOffice's own (Windows, macOS), the
    system's (Debian's ``python3-uno``), else None. Asked once a process."""
    exe = soffice()
    found = []
    if exe is not None:
        program = Path(os.path.realpath(exe)).parent
        found += [program / "python.exe", program / "python", program.parent / "Resources" / "python"]
    found += [Path("/usr/bin/python3"), Path(sys.executable)]
    for python in found:
        if not python.is_file():
            continue
        try:
            ok = subprocess.run(
                [str(python), "-c", "import uno"], capture_output=True, timeout=30, env=_helper_env(),
            ).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return str(python)
    return None


def _helper_env() -> dict[str, str]:
    """The environment without our Python's paths (the helper's Python may be another version)."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


class DocumentFailed(Exception):
    """LibreOffice could not open or convert this one document (it goes on with the next)."""


class OfficeGone(RuntimeError):
    """LibreOffice or its helper hung or ended: it is replaced for the next document."""


class _Office:
    """One LibreOffice with its own profile, driven by one :mod:`.uno_convert` process."""

    def __init__(self, python: str, exe: str, numerals: str, timeout: float):
        self.timeout = timeout
        self.tmp = Path(tempfile.mkdtemp(prefix="ita-xl-lo-"))
        profile = _profile(self.tmp, numerals)
        pipe = f"ita-xl-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.proc = subprocess.Popen(
            [python, str(_HELPER), exe, profile.as_uri(), pipe, str(self.tmp)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", env=_helper_env(),
        )
        # The helper's lines, read by a thread: a timeout on every platform (select takes no pipe on Windows).
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=_read_lines, args=(self.proc.stdout, self.lines), daemon=True)
        self.reader.start()
        try:
            ready = self._answer(timeout)
        except OfficeGone:
            self.kill()
            raise
        if not ready.get("ready"):
            self.close()
            raise OfficeGone(ready.get("error") or "LibreOffice did not start")

    def _answer(self, timeout: float) -> dict:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise OfficeGone(f"LibreOffice took longer than {timeout:.0f} s") from None
        if not line:
            raise OfficeGone(f"the LibreOffice helper ended ({self.proc.poll()})")
        try:
            return json.loads(line)
        except ValueError:
            raise OfficeGone(f"the LibreOffice helper said {line.strip()[:200]!r}") from None

    def convert(self, docx: Path, pdf: Path) -> None:
        try:
            self.proc.stdin.write(json.dumps({"docx": str(docx), "pdf": str(pdf)}) + "\n")
            self.proc.stdin.flush()
        except OSError as exc:  # the helper is gone (a broken pipe)
            raise OfficeGone(f"the LibreOffice helper ended ({exc})") from None
        answer = self._answer(self.timeout)
        if not answer.get("ok"):
            raise DocumentFailed(answer.get("error") or "LibreOffice failed")

    def close(self) -> None:
        """End of input: the helper closes its LibreOffice and exits."""
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
            return
        self._release()

    def kill(self) -> None:
        """Give up on a LibreOffice that hangs: its process group is killed here, at once (a UNO
        call to it would hang too), then the helper; nothing is left running."""
        _kill_office(self.tmp)
        if self.proc.poll() is None:
            self.proc.terminate()  # the helper kills its LibreOffice again (one it started since) and exits
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        _kill_office(self.tmp)
        self._release()

    def _release(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        self.reader.join(timeout=5)  # the helper is gone: its stdout ends
        self.proc.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _read_lines(stream, lines: queue.Queue) -> None:
    """Every line the helper writes, then "" at its end."""
    try:
        for line in stream:
            lines.put(line)
    except (OSError, ValueError):
        pass
    lines.put("")


def _kill_office(folder: Path) -> None:
    """Kill the LibreOffice whose process (group) id its helper wrote in ``folder`` (see
    :mod:`.uno_convert`), if it still runs."""
    try:
        pid = int((folder / "soffice.pid").read_text(encoding="ascii"))
    except (OSError, ValueError):
        return
    kill_office(pid)


class Converter:
    """DOCX to PDF with LibreOffice kept running between documents (one per numerals setting, each
    in its own throwaway profile). One per process: a batch worker makes its own. ``convert`` never
    raises for a document; a LibreOffice that failed or hung is replaced for the next document.

    Without a Python that has ``uno`` (see :func:`uno_python`) each document is converted by
    :func:`to_pdf`: the same PDF, slower.
    """

    def __init__(self, timeout: float = 180):
        self.timeout = timeout
        self._offices: dict[str, _Office] = {}

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def kept_running(self) -> bool:
        """Is LibreOffice kept running (else each document starts its own)?"""
        return soffice() is not None and uno_python() is not None

    def convert(self, docx_path: str | Path, pdf_path: str | Path, numerals: str = "thai", *,
                marked: str | Path | None = None) -> PdfOutcome:
        """As :func:`to_pdf`: ``marked``, the copy with the line-break marks, is what is laid out."""
        exe = soffice()
        if exe is None or uno_python() is None:
            return to_pdf(docx_path, pdf_path, self.timeout, numerals, marked=marked)
        docx_path, pdf_path = Path(docx_path).resolve(), Path(pdf_path).resolve()
        source = Path(marked).resolve() if marked else docx_path
        try:
            office = self._offices.get(numerals)
            if office is None:
                office = self._offices[numerals] = _Office(uno_python(), exe, numerals, self.timeout)
            pdf_path.parent.mkdir(parents=True, exist_ok=True)
            notes: list[str] = []

            def write(tmp: Path) -> None:
                office.convert(source, tmp)
                if lost_codes(docx_path, tmp):  # rows LibreOffice dropped: laid out again without the marks
                    with tempfile.TemporaryDirectory(prefix="ita-xl-unmarked-") as folder:
                        office.convert(unmarked_copy(source, Path(folder)), tmp)
                    notes.append(NOTE)
                _live_links(docx_path, tmp, numerals)

            atomic_save(pdf_path, write)
        except DocumentFailed as exc:  # this document; LibreOffice goes on with the next
            return PdfOutcome(None, f"no PDF written: LibreOffice failed: {exc}")
        except OfficeGone as exc:  # hung or gone: replaced for the next document
            self._drop(numerals)
            return PdfOutcome(None, f"no PDF written: LibreOffice failed: {exc}")
        except Exception as exc:  # a located file-system fault (atomic_save's InputError)…  # noqa: BLE001
            office = self._offices.get(numerals)
            if office is not None and office.proc.poll() is not None:
                self._drop(numerals)
            return PdfOutcome(None, f"no PDF written: {exc}")
        return PdfOutcome(pdf_path, "".join(notes))

    def _drop(self, numerals: str) -> None:
        office = self._offices.pop(numerals, None)
        if office is not None:
            office.kill()  # hung or gone: LibreOffice and its helper killed now, not asked to close

    def close(self) -> None:
        for numerals in list(self._offices):
            self._offices.pop(numerals).close()

"""DOCX to PDF with one long-running LibreOffice, driven over UNO: a small program of its own.

Run by a Python that has LibreOffice's ``uno`` module (Debian's ``python3-uno`` is built for the
system's ``/usr/bin/python3``, LibreOffice on Windows and macOS brings its own Python), not by ita_xl's:
the two need not be the same version, so this file imports nothing but the standard library and
``uno``. :class:`ita_xl.report.pdf.Converter` starts it and talks to it over its stdin and stdout, one
JSON object a line::

    python3 uno_convert.py SOFFICE PROFILE_URL PIPE_NAME [FOLDER]
    > {"docx": "/abs/a.docx", "pdf": "/abs/a.pdf.tmp"}
    < {"ok": true}                     or  {"ok": false, "error": "..."}

The first line it writes is ``{"ready": true}`` (LibreOffice started and answering) or
``{"ready": false, "error": "..."}``. When its stdin ends, it closes LibreOffice, removes FOLDER
(its throwaway profile's) and exits; when the process that started it ends (even killed), or on
SIGTERM, it kills LibreOffice at once (no UNO call: it may be hung), so no LibreOffice outlives its
batch worker. LibreOffice runs in its own process group, whose id is in ``FOLDER/soffice.pid``: the
parent kills it there when LibreOffice hangs. A document
LibreOffice cannot open or convert is an ``ok: false`` answer; a LibreOffice that died is started
again for the next document.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError:  # ita_xl's own Python (a test collecting every module) has no uno: nothing runs here then
    uno = None

START_TIMEOUT = 120.0  # seconds for a first start (the profile is created then)
PID_FILE = "soffice.pid"  # in FOLDER: the running LibreOffice's process (group), for the parent to kill


def _props(**values):
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


def kill_office(pid: int) -> None:
    """End a LibreOffice at once, with what it started (``soffice`` is a launcher of ``soffice.bin``):
    its process group on POSIX, its process tree on Windows. No UNO call: it may be hung."""
    try:
        if os.name == "posix":
            os.killpg(pid, signal.SIGKILL)
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(pid)], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        pass


class Office:
    def __init__(self, exe: str, profile_url: str, pipe: str, folder=None):
        self.exe, self.profile_url, self.pipe, self.folder = exe, profile_url, pipe, folder
        self.proc = None
        self.desktop = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                self.exe, f"-env:UserInstallation={self.profile_url}", "--headless", "--invisible",
                "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=os.name == "posix",  # its own process group: killed whole, launcher and all
        )
        if self.folder:
            try:
                with open(os.path.join(self.folder, PID_FILE), "w") as fh:
                    fh.write(str(self.proc.pid))
            except OSError:
                pass
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"LibreOffice exited at start ({self.proc.returncode})")
            try:
                ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"LibreOffice did not answer within {START_TIMEOUT:.0f} s") from None
                time.sleep(0.1)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def convert(self, docx: str, pdf: str) -> None:
        doc = self.desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(docx), "_blank", 0, _props(Hidden=True, ReadOnly=True),
        )
        if doc is None:
            raise RuntimeError("LibreOffice could not open the document")
        try:
            doc.storeToURL(uno.systemPathToFileUrl(pdf), _props(FilterName="writer_pdf_Export"))
        finally:
            doc.close(True)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """End LibreOffice now, without asking it (it may be hung)."""
        if self.proc is not None:
            kill_office(self.proc.pid)

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            if self.desktop is not None and self.alive():
                self.desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge is gone: the process is ended below
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        kill_office(self.proc.pid)  # what is left of it (hung, or soffice.bin after its launcher)
        self.proc.wait()
        self.proc, self.desktop = None, None


def _gone(exc: Exception, office: Office) -> bool:
    """Did the call fail because LibreOffice is gone (its bridge disposed), not the document?"""
    return "Disposed" in type(exc).__name__ or "bridge" in str(exc).lower() or not office.alive()


def _watch_parent(gone) -> None:
    """Call ``gone`` when the process that started this one has ended (killed -9, its stdin may stay
    open in a grandchild); POSIX, where an orphan gets another parent. A thread: the main one may be
    waiting on LibreOffice."""
    if os.name != "posix":
        return
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        gone()

    threading.Thread(target=watch, daemon=True).start()


def _say(obj) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main(argv) -> int:
    exe, profile_url, pipe = argv[1:4]
    folder = argv[4] if len(argv) > 4 else None
    office = Office(exe, profile_url, pipe, folder)

    def end() -> None:
        office.stop()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)

    def now() -> None:  # no UNO call: LibreOffice may be hung
        office.kill()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
        os._exit(1)

    # A terminate from the parent (its timeout) ends LibreOffice too, at once.
    signal.signal(signal.SIGTERM, lambda *_: now())
    _watch_parent(now)
    try:
        office.start()
    except Exception as exc:  # noqa: BLE001
        _say({"ready": False, "error": str(exc)})
        end()
        return 1
    _say({"ready": True})
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            job = json.loads(line)
            try:
                if not office.alive():
                    office.stop()
                    office.start()
                try:
                    office.convert(job["docx"], job["pdf"])
                except Exception as exc:  # noqa: BLE001
                    if not _gone(exc, office):
                        raise
                    office.stop()  # LibreOffice died under this document: once more, in a new one
                    office.start()
                    office.convert(job["docx"], job["pdf"])
                _say({"ok": True})
            except Exception as exc:  # noqa: BLE001 - one document's failure, told to the caller
                _say({"ok": False, "error": f"{type(exc).__name__}: {exc}".strip()})
                if not office.alive():
                    office.stop()
    finally:
        end()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

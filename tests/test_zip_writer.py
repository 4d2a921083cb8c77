"""The zip writer: the bytes zipfile writes, the digest of what it wrote, Zip64 when needed."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path
from typing import List

import pytest

from scormbuild.package import zip_writer
from scormbuild.package.entries import Entry, collect


def entries(tmp_path: Path) -> List[Entry]:
    media = tmp_path / "clip.mp4"
    media.write_bytes(bytes(range(256)) * 3000)
    style = tmp_path / "style.css"
    style.write_text("body { color: #222; }\n" * 200)
    return list(collect([
        Entry(path="index.html", data=b"<!doctype html><p>" + b"hello " * 500),
        Entry(path="pages/caf\u00e9.html", data="<p>caf\u00e9</p>".encode()),
        Entry(path="empty.txt", data=b""),
        Entry(path="media/clip.mp4", source=media),
        Entry(path="assets/style.css", source=style),
    ]))


def zipfile_bytes(items: List[Entry]) -> bytes:
    """What Python's zipfile writes for the same entries, settings as every build uses."""
    buffer = io.BytesIO()
    stamp = zip_writer.zip_timestamp()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in items:
            info = zipfile.ZipInfo(entry.path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED if entry.compress else zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            data = entry.data if entry.data is not None else entry.source.read_bytes()
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def test_same_bytes_as_zipfile_and_the_digest_of_them(tmp_path: Path) -> None:
    items = entries(tmp_path)
    temp = zip_writer.write_zip(zip_writer.prepare_all(items), tmp_path)
    written = temp.path.read_bytes()
    assert written == zipfile_bytes(items)
    assert temp.sha256 == hashlib.sha256(written).hexdigest()
    assert temp.entries == 5


def test_source_date_epoch_sets_every_timestamp(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    items = entries(tmp_path)
    temp = zip_writer.write_zip(zip_writer.prepare_all(items), tmp_path)
    assert temp.path.read_bytes() == zipfile_bytes(items)
    with zipfile.ZipFile(temp.path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_zip64_records_when_sizes_and_offsets_pass_the_limit(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_writer, "ZIP64_LIMIT", 1000)
    monkeypatch.setattr(zip_writer, "FILE_COUNT_LIMIT", 3)
    items = entries(tmp_path)
    temp = zip_writer.write_zip(zip_writer.prepare_all(items), tmp_path)
    data = temp.path.read_bytes()
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data  # Zip64 end record and locator
    with zipfile.ZipFile(temp.path) as archive:
        assert archive.testzip() is None
        big = archive.getinfo("media/clip.mp4")
        assert (big.file_size, big.extract_version) == (768000, 45)
        for entry in items:
            expected = entry.data if entry.data is not None else entry.source.read_bytes()
            assert archive.read(entry.path) == expected


def test_a_big_compressible_file_is_stored_not_held_in_memory(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_writer, "DEFLATE_FILE_LIMIT", 100)
    source = tmp_path / "data.csv"
    source.write_text("a,b\n" * 100)
    member = zip_writer.prepare(Entry(path="media/data.csv", source=source))
    assert (member.method, member.data, member.size) == (zip_writer.STORED, None, 400)


def test_a_file_that_changes_while_written_fails_and_leaves_nothing(tmp_path: Path) -> None:
    items = entries(tmp_path)
    members = zip_writer.prepare_all(items)
    (tmp_path / "clip.mp4").write_bytes(b"shorter")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OSError, match="changed while the package was written"):
        zip_writer.write_zip(members, out)
    assert list(out.iterdir()) == []
    shutil.rmtree(out)


def test_contents_are_the_bytes_a_browser_gets_however_an_entry_holds_them(tmp_path: Path) -> None:
    """A preview serves entries as they come out of a check: as bytes, as a file, or already
    prepared for the zip (a cached page: deflated in memory; a build's: spooled)."""
    from scormbuild.package.entries import contents
    from scormbuild.package.spool import Spool

    page = ("<p>" + "A page of the course. " * 200 + "</p>").encode("utf-8")
    media = tmp_path / "fig.png"
    media.write_bytes(bytes(range(256)) * 4)
    deflated = zip_writer.prepare(Entry(path="pages/a.html", data=page))
    assert deflated.method == zip_writer.DEFLATED and deflated.data != page
    with Spool(tmp_path) as spool:
        held = [Entry(path="pages/a.html", data=page),
                Entry(path="pages/a.html", packed=deflated),
                Entry(path="pages/a.html", packed=zip_writer.spooled(deflated, spool)),
                Entry(path="media/fig.png", source=media),
                Entry(path="media/fig.png", packed=zip_writer.prepare(
                    Entry(path="media/fig.png", source=media)))]
        assert [contents(e) for e in held] == [page, page, page, media.read_bytes(),
                                               media.read_bytes()]

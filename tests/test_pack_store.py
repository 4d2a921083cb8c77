"""The build cache's storage (scormbuild.pack_store): one pack file and an index, every entry
checked by its CRC-32; anything damaged is a miss, never an error, and never changes output."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Dict, List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scormbuild import pack_store
from scormbuild.build import BuildOptions, build
from scormbuild.cache import CACHE_FOLDER
from scormbuild.pack_store import INDEX, PackStore, entry_names


def entries(count: int, tag: str = "") -> Dict[str, bytes]:
    return {f"kind/{tag}{n}": f"entry {tag}{n} ".encode() * (n + 1) for n in range(count)}


def test_entries_read_back_after_appends_and_in_a_new_store(tmp_path: Path) -> None:
    store = PackStore(tmp_path)
    first, second = entries(5, "a"), entries(3, "b")
    store.append(first.items())
    store.append(second.items())
    assert all(store.read(n) == d for n, d in {**first, **second}.items())
    assert store.read("kind/missing") is None
    store.close()
    again = PackStore(tmp_path)
    assert all(again.read(n) == d for n, d in {**first, **second}.items())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.json", "lock", "pack-1"]


def test_keep_only_forgets_the_rest_and_compacts_when_dead_bytes_dominate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack_store, "COMPACT_MIN", 0)
    store = PackStore(tmp_path)
    old, new = entries(20, "old"), entries(2, "new")
    store.append(old.items())
    store.append(new.items(), keep={"kind/old0"})  # a build that used one old entry
    assert entry_names(tmp_path) == sorted(["kind/old0", *new])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.json", "lock", "pack-2"]
    assert store.read("kind/old0") == old["kind/old0"] and store.read("kind/old5") is None
    assert all(PackStore(tmp_path).read(n) == d for n, d in new.items())


def test_a_small_amount_of_dead_bytes_is_not_worth_a_copy(tmp_path: Path) -> None:
    store = PackStore(tmp_path)
    store.append(entries(20).items())
    store.keep_only({"kind/0"})
    assert entry_names(tmp_path) == ["kind/0"]
    assert (tmp_path / "pack-1").is_file()   # below COMPACT_MIN: the same pack


def test_what_an_earlier_version_left_is_removed(tmp_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "0123abcd").write_bytes(b"{}")
    (tmp_path / "pack-7").write_bytes(b"an orphan pack")
    store = PackStore(tmp_path)
    store.append(entries(2).items(), keep=set())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.json", "lock", "pack-1"]


@pytest.mark.parametrize("index", ["", "{", "[]", '{"pack": "../../etc/passwd", "entries": {}}',
                                   '{"pack": "pack-1", "entries": {"a": [1, 2]}}',
                                   '{"pack": "pack-1", "entries": {"a": [-1, 2, 3]}}',
                                   '{"pack": "pack-1", "entries": []}', '{"pack": 1}'])
def test_a_damaged_index_is_an_empty_cache(tmp_path: Path, index: str) -> None:
    store = PackStore(tmp_path)
    store.append(entries(3).items())
    (tmp_path / INDEX).write_text(index)
    fresh = PackStore(tmp_path)
    assert fresh.read("kind/0") is None
    fresh.append(entries(1, "x").items())    # and it can be written again
    assert PackStore(tmp_path).read("kind/x0") == entries(1, "x")["kind/x0"]


def test_a_damaged_or_missing_pack_gives_misses(tmp_path: Path) -> None:
    store = PackStore(tmp_path)
    written = entries(4)
    store.append(written.items())
    store.close()
    pack = tmp_path / "pack-1"
    data = bytearray(pack.read_bytes())
    offset = json.loads((tmp_path / INDEX).read_text())["entries"]["kind/2"][0]
    data[offset] ^= 0x01
    pack.write_bytes(bytes(data[:-3]))       # one entry changed, the last one cut short
    found = {n: PackStore(tmp_path).read(n) for n in written}
    assert found["kind/2"] is None and found["kind/3"] is None
    assert found["kind/0"] == written["kind/0"] and found["kind/1"] == written["kind/1"]
    pack.unlink()
    assert PackStore(tmp_path).read("kind/0") is None


def test_two_stores_on_one_folder_keep_each_others_entries(tmp_path: Path) -> None:
    """Two builds into the same folder: each appends under the lock, after reading what the
    other wrote, so neither loses the other's entries (until one prunes)."""
    one, two = PackStore(tmp_path), PackStore(tmp_path)
    one.read("kind/x")   # both have read the (empty) index
    two.read("kind/x")
    one.append(entries(2, "one").items())
    two.append(entries(2, "two").items())
    three = PackStore(tmp_path)
    assert all(three.read(n) == d for n, d in {**entries(2, "one"), **entries(2, "two")}.items())


def edit(lesson: Path, line: str) -> None:
    lesson.write_text(lesson.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def fresh_zips(course: Path, out: Path) -> Dict[str, bytes]:
    build(course, out, BuildOptions(), label="course", use_cache=False)
    return {p.name: p.read_bytes() for p in out.glob("*.zip")}


@pytest.mark.slow
def test_a_damaged_cache_never_changes_the_zips(minimal_course: Path, tmp_path: Path) -> None:
    """Bytes flipped all over the pack (every 97th: each kind of entry is hit), then the index
    cut short: each next build writes the zips of a build without the cache, no traceback."""
    out, lesson = tmp_path / "dist", minimal_course / "lessons" / "two.md"
    build(minimal_course, out, BuildOptions(), label="course")
    (folder,) = (out / CACHE_FOLDER).iterdir()
    pack = next(folder.glob("pack-*"))
    data = bytearray(pack.read_bytes())
    for offset in range(0, len(data), 97):
        data[offset] ^= 0xFF
    pack.write_bytes(bytes(data))
    edit(lesson, "One more line.")
    again = build(minimal_course, out, BuildOptions(), label="course")
    assert {p.name: p.read_bytes() for p in out.glob("*.zip")} == \
        fresh_zips(minimal_course, tmp_path / "fresh-1")
    assert again.cache is not None and sum(again.cache.misses.values()) > 0
    index = folder / INDEX
    index.write_bytes(index.read_bytes()[:100])
    edit(lesson, "And another.")
    third = build(minimal_course, out, BuildOptions(), label="course")
    assert {p.name: p.read_bytes() for p in out.glob("*.zip")} == \
        fresh_zips(minimal_course, tmp_path / "fresh-2")
    assert third.cache is not None and sum(third.cache.hits.values()) == 0


# -- any sequence of builds against a plain dict -----------------------------------------------

NAMES = st.sampled_from([f"kind/{n}" for n in range(12)])
STEPS = st.lists(st.one_of(
    st.tuples(st.just("append"), st.dictionaries(NAMES, st.binary(max_size=300), max_size=6)),
    st.tuples(st.just("keep"), st.sets(NAMES, max_size=8),
              st.dictionaries(NAMES, st.binary(max_size=300), max_size=3)),
    st.tuples(st.just("reopen")),
), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(STEPS, st.booleans())
def test_any_sequence_of_appends_and_prunes_reads_like_a_dict(steps: List[Any],
                                                              compact: bool) -> None:
    """Whatever builds do (append, append and keep, a new process), every entry reads back as
    last written, a forgotten one is gone, and the folder holds one pack and its index."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        original = pack_store.COMPACT_MIN
        pack_store.COMPACT_MIN = 0 if compact else original
        try:
            store = PackStore(folder)
            model: Dict[str, bytes] = {}
            for step in steps:
                if step[0] == "append":
                    store.append(step[1].items())
                    model.update(step[1])
                elif step[0] == "keep":
                    store.append(step[2].items(), keep=step[1])
                    model = {n: d for n, d in model.items() if n in step[1]}
                    model.update(step[2])
                else:
                    store.close()
                    store = PackStore(folder)
                assert {n: store.read(n) for n in model} == model
                assert entry_names(folder) == sorted(model)
            fresh = PackStore(folder)
            assert all(fresh.read(f"kind/{n}") == model.get(f"kind/{n}") for n in range(12))
            packs = [p.name for p in folder.iterdir() if p.name.startswith("pack-")]
            assert len(packs) == 1 or not any(s[0] == "keep" for s in steps)
        finally:
            pack_store.COMPACT_MIN = original

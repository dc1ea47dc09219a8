import pickle

from newsloom import startup_cache


def test_built_once_then_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLOOM_CACHE_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"a": frozenset({"x", "y"}), "n": 3}

    first = startup_cache.cached("thing", build)
    second = startup_cache.cached("thing", build)
    assert first == second == {"a": frozenset({"x", "y"}), "n": 3}
    assert len(calls) == 1
    assert list(tmp_path.glob("*/thing.pickle"))


def test_off_builds_every_time(monkeypatch):
    monkeypatch.setenv("NEWSLOOM_CACHE_DIR", "off")
    calls = []
    for _ in range(2):
        startup_cache.cached("thing", lambda: calls.append(1) or 5)
    assert len(calls) == 2


def test_corrupt_or_unwritable_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLOOM_CACHE_DIR", str(tmp_path))
    path = tmp_path / startup_cache.fingerprint() / "thing.pickle"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x80\x05truncated")
    assert startup_cache.cached("thing", lambda: [1, 2]) == [1, 2]
    assert pickle.loads(path.read_bytes()) == [1, 2]
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NEWSLOOM_CACHE_DIR", str(blocker))
    assert startup_cache.cached("thing", lambda: "built") == "built"


def test_cached_gazetteer_is_the_built_one(tmp_path, monkeypatch):
    from newsloom.entities.gazetteer import build_gazetteer

    monkeypatch.setenv("NEWSLOOM_CACHE_DIR", str(tmp_path))
    built = startup_cache.cached("gazetteer", build_gazetteer)
    loaded = startup_cache.cached("gazetteer", lambda: None)
    assert loaded is not None and loaded is not built
    assert loaded.size == built.size and loaded.canonical == built.canonical
    for name in ("Kazakhstan", "Астана", "الولايات المتحدة", "New York"):
        assert loaded.lookup(name) == built.lookup(name) is not None


def test_long_lived_pauses_the_collector_and_freezes_what_it_made(monkeypatch):
    import gc

    monkeypatch.setenv("NEWSLOOM_CACHE_DIR", "off")
    seen = []
    frozen_before = gc.get_freeze_count()
    try:
        value = startup_cache.cached("thing", lambda: seen.append(gc.isenabled()) or [[i] for i in range(1000)])
        assert seen == [False]  # no collector rounds while it is built
        assert gc.isenabled()  # and back on after
        assert gc.get_freeze_count() >= frozen_before + 1000  # the structure is out of later rounds
        assert value[999] == [999]
        # An error while building leaves the collector as it was.
        try:
            with startup_cache.long_lived():
                raise ValueError
        except ValueError:
            pass
        assert gc.isenabled()
    finally:
        gc.unfreeze()

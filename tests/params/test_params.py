import pytest
import yaml

from countybrief.errors import ParametersError
from countybrief.params import generate_parameters, read_parameters, region_slug, to_job
from countybrief.store import open_store, write_store
from tests.fixtures.make_store import sample_extractions


@pytest.fixture()
def store(tmp_path):
    write_store(sample_extractions(), tmp_path / "extracted")
    return open_store(tmp_path / "extracted")


def test_one_file_per_region_with_facts(store, tmp_path):
    out = generate_parameters(store, tmp_path / "parameters")
    names = sorted(o.path.name for o in out)
    assert names == ["220800-白城市.yaml", "220822-通榆县.yaml", "620402-白银区.yaml"]
    assert {o.status for o in out} == {"created"}
    data = read_parameters(tmp_path / "parameters" / "220822-通榆县.yaml").data
    assert data["generated"]["full_name"] == "吉林省 · 白城市 · 通榆县"
    assert data["adcode"] == "220822"


def test_rerun_keeps_user_edits(store, tmp_path):
    pdir = tmp_path / "parameters"
    generate_parameters(store, pdir)
    path = pdir / "620402-白银区.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = "我的标题"
    data["notes"] = ["核实过"]
    data["template"] = "notebooks/other.ipynb"
    data["generated"]["n_facts"] = 999
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    outcomes = {o.path.name: o.status for o in generate_parameters(store, pdir)}
    assert outcomes["620402-白银区.yaml"] == "updated"
    assert outcomes["220800-白城市.yaml"] == "unchanged"
    again = read_parameters(path).data
    assert again["title"] == "我的标题"
    assert again["notes"] == ["核实过"]
    assert again["template"] == "notebooks/other.ipynb"
    assert again["generated"]["n_facts"] == 6


def test_malformed_existing_file_reported_and_kept(store, tmp_path):
    pdir = tmp_path / "parameters"
    generate_parameters(store, pdir)
    bad = pdir / "620402-白银区.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    outcomes = {o.path.name: o for o in generate_parameters(store, pdir)}
    assert outcomes["620402-白银区.yaml"].status == "error"
    assert "malformed YAML" in outcomes["620402-白银区.yaml"].message
    assert bad.read_text(encoding="utf-8") == "title: [unclosed\n"


@pytest.mark.parametrize("text, message", [
    ("region: 白银区\nadcode: '620402'\ntitel: x\n", "unknown key 'titel'.*did you mean 'title'"),
    ("region: 白银区\nadcode: '620402'\nnotes: twenty\n", "'notes' must be a list"),
    ("region: 白银区\nadcode: 620402\n", "6-digit"),
    ("region: ../../x\nadcode: '620402'\n", "cannot be used in a file name"),
    ("region: 白银区\nadcode: '620402'\nlang: fr\n", "lang 'fr' is not supported"),
    ("- a\n- b\n", "expected a mapping"),
])
def test_bad_parameters_named_with_file(tmp_path, text, message):
    p = tmp_path / "x.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ParametersError, match=message) as exc:
        read_parameters(p)
    assert str(p) in str(exc.value)


def test_missing_template_is_an_error(store, tmp_path):
    generate_parameters(store, tmp_path / "parameters")
    path = tmp_path / "parameters" / "620402-白银区.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "template: notebooks/mine.ipynb\n",
                    encoding="utf-8")
    with pytest.raises(ParametersError, match="template 'notebooks/mine.ipynb' does not exist") as exc:
        to_job(read_parameters(path), root=tmp_path, data_dir=tmp_path, raw_dir=tmp_path)
    assert str(path) in str(exc.value)


def test_new_files_name_no_template_and_use_the_bundled_one(store, tmp_path):
    """A project without notebooks/ (one made by `init`) renders with the bundled template;
    the project's own `template` wins over it, a file's own over both."""
    from countybrief.params.files import bundled_template

    generate_parameters(store, tmp_path / "parameters")
    pf = read_parameters(tmp_path / "parameters" / "620402-白银区.yaml")
    assert "template" not in pf.data and "lang" not in pf.data
    job = to_job(pf, root=tmp_path, data_dir=tmp_path, raw_dir=tmp_path)
    assert job.template == str(bundled_template().resolve()) and bundled_template().is_file()
    own = tmp_path / "mine.ipynb"
    own.write_text("{}")
    assert to_job(pf, root=tmp_path, data_dir=tmp_path, raw_dir=tmp_path,
                  default_template=own).template == str(own.resolve())
    pf.data["template"] = "notebooks/county_briefing.ipynb"  # as older files say: bundled
    assert to_job(pf, root=tmp_path, data_dir=tmp_path, raw_dir=tmp_path,
                  default_template=own).template == str(bundled_template().resolve())


def test_job_parameters(store, tmp_path):
    generate_parameters(store, tmp_path / "parameters")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "county_briefing.ipynb").write_text("{}")
    pf = read_parameters(tmp_path / "parameters" / "620402-白银区.yaml")
    job = to_job(pf, root=tmp_path, data_dir=tmp_path / "d", raw_dir=tmp_path / "r", lang="en")
    assert job.slug == "620402-白银区"
    assert job.parameters["region"] == "白银区"
    assert job.parameters["lang"] == "en"
    assert job.parameters["data_dir"] == str((tmp_path / "d").resolve())


@pytest.mark.parametrize("name", ["a/b", "..", "x\x00y", "好" * 65, ""])
def test_slug_refuses_unsafe_names(name):
    with pytest.raises(ParametersError):
        region_slug("620402", name)

"""`.clang-tidy` handling must match clang-tidy, or one config file would mean two things."""

from __future__ import annotations

from pathlib import Path

import pytest

from clangcheck.config import (
    DEFAULT_CHECKS,
    ConfigError,
    ConfigResolver,
    GlobList,
    TidyConfig,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def source(directory: Path, name: str = "a.cpp") -> str:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("int main() {}\n")
    return str(path)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project root whose own .clang-tidy shields the tests from any stray parent config."""
    write(tmp_path / ".clang-tidy", "Checks: '-*,root-*'\n")
    return tmp_path


# ---------------------------------------------------------------- GlobList
# Cases from clang-tools-extra/unittests/clang-tidy/GlobListTest.cpp.


def test_globlist_empty() -> None:
    glob = GlobList("")
    assert glob.contains("")
    assert not glob.contains("aaa")


def test_globlist_nothing() -> None:
    glob = GlobList("-*")
    for name in ("", "a", "-*", "-", "*"):
        assert not glob.contains(name)


def test_globlist_everything() -> None:
    glob = GlobList("*")
    for name in ("", "aaaa", "-*", "-", "*"):
        assert glob.contains(name)


def test_globlist_one_simple_pattern() -> None:
    glob = GlobList("aaa")
    assert glob.contains("aaa")
    for name in ("", "aa", "aaaa", "bbb"):
        assert not glob.contains(name)


def test_globlist_two_simple_patterns() -> None:
    glob = GlobList("aaa,bbb")
    assert glob.contains("aaa") and glob.contains("bbb")
    for name in ("", "aa", "aaaa", "bbbb"):
        assert not glob.contains(name)


def test_globlist_pattern_priority_last_match_wins() -> None:
    glob = GlobList("a*,-aaa")
    assert [glob.contains(n) for n in ("", "a", "aa", "aaa", "aaaa")] == [False, True, True, False, True]
    glob = GlobList("-aaa,a*")
    assert [glob.contains(n) for n in ("", "a", "aa", "aaa", "aaaa")] == [False, True, True, True, True]


def test_globlist_whitespaces_at_begin() -> None:
    glob = GlobList("-*,   a.b.*")
    assert glob.contains("a.b.c")
    assert not glob.contains("b.c")


def test_globlist_complex() -> None:
    glob = GlobList("*,-a.*, -b.*, \r  \n  a.1.* ,-a.1.A.*,-..,-...,-..+,-*$, -*qwe* ")
    assert glob.contains("aaa")
    assert glob.contains("qqq")
    assert not glob.contains("a.")
    assert not glob.contains("a.b")
    assert not glob.contains("b.")
    assert not glob.contains("b.b")
    assert glob.contains("a.1.b")
    assert not glob.contains("a.1.A.a")
    assert not glob.contains("qwe")
    assert not glob.contains("asdfqweasdf")
    assert glob.contains("asdfqwEasdf")


def test_globlist_newline_characters_as_separators() -> None:
    glob = GlobList("a*  \n b,\n-c*,dd")
    assert not glob.contains("")
    assert glob.contains("aaa")
    assert glob.contains("b")
    assert not glob.contains("c")
    assert not glob.contains("ccc")
    assert not glob.contains("d")
    assert glob.contains("dd")
    assert not glob.contains("ddd")


def test_globlist_regex_metacharacters_are_literal() -> None:
    glob = GlobList("a.b,c+,(d)")
    assert glob.contains("a.b") and not glob.contains("axb")
    assert glob.contains("c+") and not glob.contains("cc")
    assert glob.contains("(d)")


def test_globlist_empty_items_only_between_separators() -> None:
    # the remainder is trimmed before each glob, so trailing ',' or ', ' add nothing
    assert not GlobList("a,").contains("")
    assert not GlobList("a, ").contains("")
    assert GlobList("a,,b").contains("")
    assert GlobList(",a").contains("")


def test_globlist_drops_negative_globs_when_asked() -> None:
    assert GlobList("a*,-ab", keep_negative=False).contains("ab")
    assert not GlobList("a*,-ab").contains("ab")


def test_globlist_clangcheck_ids() -> None:
    glob = GlobList("-*,clangcheck-leak-*,-clangcheck-leak-qt-parent")
    assert glob.contains("clangcheck-leak-new")
    assert not glob.contains("clangcheck-leak-qt-parent")
    assert not glob.contains("bugprone-foo")


# ---------------------------------------------------------------- discovery


def test_no_config_file_anywhere_gives_defaults(tmp_path: Path) -> None:
    if any((parent / ".clang-tidy").exists() for parent in tmp_path.parents):
        pytest.skip("a .clang-tidy above the temporary directory")
    config = ConfigResolver().for_file(source(tmp_path / "src"))
    assert config.checks == DEFAULT_CHECKS
    assert config.warnings_as_errors == ""
    assert config.header_filter_regex is None
    assert config.system_headers is False
    assert config.sources == ()
    assert config.is_enabled("clangcheck-leak-new")
    assert not config.is_enabled("bugprone-anything")


def test_file_in_same_directory_is_used(tree: Path) -> None:
    config = ConfigResolver().for_file(source(tree))
    assert config.checks == "clangcheck-*,-*,root-*"
    assert config.sources == (str(tree / ".clang-tidy"),)


def test_closest_parent_wins_without_inheritance(tree: Path) -> None:
    write(tree / "lib" / ".clang-tidy", "Checks: 'lib-*'\nWarningsAsErrors: 'lib-x'\n")
    config = ConfigResolver().for_file(source(tree / "lib" / "deep" / "deeper"))
    assert config.checks == "clangcheck-*,lib-*"
    assert config.warnings_as_errors == "lib-x"
    assert config.sources == (str(tree / "lib" / ".clang-tidy"),)
    assert config.is_enabled("clangcheck-x-y")
    assert not config.is_enabled("root-a")


def test_project_can_turn_clangcheck_off_like_any_module(tree: Path) -> None:
    write(tree / "p" / ".clang-tidy", "Checks: -*,bugprone-*\n")
    config = ConfigResolver().for_file(source(tree / "p"))
    assert not config.is_enabled("clangcheck-leak-new")
    assert config.is_enabled("bugprone-use-after-move")


def test_inherit_parent_config_chain_outermost_first(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "Checks: 'a-*'\nHeaderFilterRegex: 'a/.*'\n")
    write(tree / "a" / "b" / ".clang-tidy", "InheritParentConfig: true\nChecks: 'b-*'\n")
    write(tree / "a" / "b" / "c" / ".clang-tidy", "InheritParentConfig: yes\nChecks: [c-1, c-2]\n")
    config = ConfigResolver().for_file(source(tree / "a" / "b" / "c"))
    assert config.checks == "clangcheck-*,a-*,b-*,c-1,c-2"
    assert config.header_filter_regex == "a/.*"
    assert config.sources == (
        str(tree / "a" / ".clang-tidy"),
        str(tree / "a" / "b" / ".clang-tidy"),
        str(tree / "a" / "b" / "c" / ".clang-tidy"),
    )


def test_inheritance_stops_at_file_without_the_flag(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "Checks: 'a-*'\n")
    write(tree / "a" / "b" / ".clang-tidy", "InheritParentConfig: true\nChecks: 'b-*'\n")
    config = ConfigResolver().for_file(source(tree / "a" / "b"))
    assert config.checks == "clangcheck-*,a-*,b-*"
    assert str(tree / ".clang-tidy") not in config.sources


def test_inherit_false_is_like_absent(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "InheritParentConfig: false\nChecks: 'a-*'\n")
    assert ConfigResolver().for_file(source(tree / "a")).checks == "clangcheck-*,a-*"


def test_inherited_values_are_overridden_by_child(tree: Path) -> None:
    write(
        tree / "a" / ".clang-tidy",
        "HeaderFilterRegex: 'parent'\nSystemHeaders: true\nCheckOptions:\n  x.Opt: parent\n  x.Keep: kept\n",
    )
    write(
        tree / "a" / "b" / ".clang-tidy",
        "InheritParentConfig: true\nHeaderFilterRegex: 'child'\nSystemHeaders: false\nCheckOptions:\n  x.Opt: child\n",
    )
    config = ConfigResolver().for_file(source(tree / "a" / "b"))
    assert config.header_filter_regex == "child"
    assert config.system_headers is False
    assert config.option("x", "Opt", "d") == "child"
    assert config.option("x", "Keep", "d") == "kept"


def test_zero_byte_file_is_skipped_like_clang_tidy(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "")
    config = ConfigResolver().for_file(source(tree / "a"))
    assert config.sources == (str(tree / ".clang-tidy"),)
    assert config.checks == "clangcheck-*,-*,root-*"


def test_comment_only_file_is_an_empty_config(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "# nothing here\n\n")
    config = ConfigResolver().for_file(source(tree / "a"))
    assert config.sources == (str(tree / "a" / ".clang-tidy"),)
    assert config.checks == DEFAULT_CHECKS


def test_directory_named_clang_tidy_is_not_a_config(tree: Path) -> None:
    (tree / "a" / ".clang-tidy").mkdir(parents=True)
    assert ConfigResolver().for_file(source(tree / "a")).sources == (str(tree / ".clang-tidy"),)


def test_result_cached_per_directory(tree: Path) -> None:
    resolver = ConfigResolver()
    first = resolver.for_file(source(tree / "x", "a.cpp"))
    second = resolver.for_file(source(tree / "x", "b.cpp"))
    assert first is second


def test_relative_and_dotted_paths_resolve_like_absolute(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tree / "a" / ".clang-tidy", "Checks: 'a-*'\n")
    source(tree / "a")
    source(tree / "b")
    monkeypatch.chdir(tree / "b")
    config = ConfigResolver().for_file("../a/./a.cpp")
    assert config.checks == "clangcheck-*,a-*"


# ---------------------------------------------------------------- command line


def test_checks_and_warnings_as_errors_are_appended(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "Checks: 'a-*'\nWarningsAsErrors: 'a-1'\n")
    resolver = ConfigResolver(checks="-a-2", warnings_as_errors="clangcheck-*")
    config = resolver.for_file(source(tree / "a"))
    assert config.checks == "clangcheck-*,a-*,-a-2"
    assert config.warnings_as_errors == "a-1,clangcheck-*"
    assert config.is_enabled("a-1") and not config.is_enabled("a-2")
    assert config.is_warning_as_error("clangcheck-leak-new")
    assert config.is_warning_as_error("a-1")
    assert not config.is_warning_as_error("a-3")


def test_command_line_checks_can_reenable_after_file_disables(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "Checks: '-*'\n")
    config = ConfigResolver(checks="clangcheck-leak-*").for_file(source(tree / "a"))
    assert config.is_enabled("clangcheck-leak-new")
    assert not config.is_enabled("clangcheck-race-x")


def test_empty_file_values_merge_like_clang_tidy(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "Checks: ''\nWarningsAsErrors: ''\n")
    config = ConfigResolver().for_file(source(tree / "a"))
    assert config.checks == "clangcheck-*,"  # mergeCommaSeparatedLists keeps the comma
    assert config.warnings_as_errors == ""
    assert config.is_enabled("clangcheck-a-b")


def test_header_filter_overrides_file_value(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "HeaderFilterRegex: 'from-file'\nExcludeHeaderFilterRegex: 'ex'\n")
    config = ConfigResolver(header_filter="from-cli").for_file(source(tree / "a"))
    assert config.header_filter_regex == "from-cli"
    assert config.exclude_header_filter_regex == "ex"


def test_header_filter_used_when_file_has_none(tree: Path) -> None:
    config = ConfigResolver(header_filter=".*").for_file(source(tree))
    assert config.header_filter_regex == ".*"


def test_invalid_command_line_header_filter() -> None:
    with pytest.raises(ConfigError, match="--header-filter"):
        ConfigResolver(header_filter="(")


# ---------------------------------------------------------------- --config / --config-file


def test_config_string_replaces_discovery(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "Checks: 'a-*'\n")
    resolver = ConfigResolver(config="{Checks: 'cli-*', CheckOptions: {x.O: '1'}}", checks="more")
    config = resolver.for_file(source(tree / "a"))
    assert config.checks == "clangcheck-*,cli-*,more"
    assert config.option("x", "O", "d") == "1"
    assert config.sources == ("<command-line-config>",)


def test_config_string_with_inherit_parent_config_still_discovers(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "Checks: 'a-*'\n")
    config = ConfigResolver(config="InheritParentConfig: true\nChecks: 'cli-*'").for_file(source(tree / "a"))
    assert config.checks == "clangcheck-*,a-*,cli-*"
    assert config.sources == (str(tree / "a" / ".clang-tidy"), "<command-line-config>")


def test_empty_config_string_is_an_empty_config(tree: Path) -> None:
    config = ConfigResolver(config="").for_file(source(tree))
    assert config.checks == DEFAULT_CHECKS


def test_config_file_replaces_discovery(tree: Path) -> None:
    config_path = write(tree / "elsewhere" / "tidy.yaml", "Checks: 'from-config-file'\nSystemHeaders: On\n")
    config = ConfigResolver(config_file=str(config_path)).for_file(source(tree / "a"))
    assert config.checks == "clangcheck-*,from-config-file"
    assert config.system_headers is True
    assert config.sources == (str(config_path),)


def test_config_and_config_file_are_mutually_exclusive(tree: Path) -> None:
    config_path = write(tree / "tidy.yaml", "Checks: x\n")
    with pytest.raises(ConfigError, match="mutually exclusive"):
        ConfigResolver(config="Checks: y", config_file=str(config_path))


def test_missing_config_file(tree: Path) -> None:
    missing = tree / "nope.yaml"
    with pytest.raises(ConfigError, match="nope.yaml"):
        ConfigResolver(config_file=str(missing))


def test_malformed_config_string_names_command_line_config() -> None:
    with pytest.raises(ConfigError, match=r"^<command-line-config>:1:"):
        ConfigResolver(config="Checks: [a, b")


# ---------------------------------------------------------------- CheckOptions


def test_check_options_map_form(tree: Path) -> None:
    write(
        tree / "a" / ".clang-tidy",
        "CheckOptions:\n"
        "  clangcheck-leak-new.Mode: strict\n"
        "  clangcheck-leak-new.Flag: yes\n"
        "  clangcheck-leak-new.Octal: 010\n"
        "  clangcheck-leak-new.Float: 1.50\n"
        "  clangcheck-leak-new.Quoted: 'a, b'\n",
    )
    config = ConfigResolver().for_file(source(tree / "a"))
    assert config.option("clangcheck-leak-new", "Mode", "lax") == "strict"
    # clang-tidy stores the scalar text, never a YAML-typed value
    assert config.option("clangcheck-leak-new", "Flag", "") == "yes"
    assert config.option("clangcheck-leak-new", "Octal", "") == "010"
    assert config.option("clangcheck-leak-new", "Float", "") == "1.50"
    assert config.option("clangcheck-leak-new", "Quoted", "") == "a, b"
    assert config.option("clangcheck-leak-new", "Missing", "dflt") == "dflt"
    assert dict(config.check_options)["clangcheck-leak-new.Mode"] == "strict"


def test_check_options_old_list_form(tree: Path) -> None:
    write(
        tree / "a" / ".clang-tidy",
        "CheckOptions:\n"
        "  - key: clangcheck-x-y.A\n"
        "    value: 1\n"
        "  - { key: clangcheck-x-y.B, value: 'two' }\n"
        "  - key: clangcheck-x-y.A\n"
        "    value: last\n",
    )
    config = ConfigResolver().for_file(source(tree / "a"))
    assert config.option("clangcheck-x-y", "A", "") == "last"
    assert config.option("clangcheck-x-y", "B", "") == "two"


def test_check_options_old_form_needs_key_and_value(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "CheckOptions:\n  - key: x.A\n")
    with pytest.raises(ConfigError, match=r"missing required key 'value'"):
        ConfigResolver().for_file(source(tree / "a"))


def test_check_options_wrong_type(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "CheckOptions: scalar\n")
    with pytest.raises(ConfigError, match=r"\.clang-tidy:1:15: error: CheckOptions"):
        ConfigResolver().for_file(source(tree / "a"))


def test_option_has_no_global_fallback(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "CheckOptions:\n  StrictMode: 'true'\n")
    config = ConfigResolver().for_file(source(tree / "a"))
    assert config.option("clangcheck-x-y", "StrictMode", "false") == "false"
    assert config.option_local_or_global("clangcheck-x-y", "StrictMode", "false") == "true"


def test_local_or_global_prefers_later_source_and_local_on_tie(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "CheckOptions:\n  c-x.Opt: local\n")
    write(tree / "a" / "b" / ".clang-tidy", "InheritParentConfig: true\nCheckOptions:\n  Opt: global\n")
    write(tree / "c" / ".clang-tidy", "CheckOptions:\n  Opt: global\n  c-x.Opt: local\n")
    resolver = ConfigResolver()
    assert resolver.for_file(source(tree / "a" / "b")).option_local_or_global("c-x", "Opt", "") == "global"
    assert resolver.for_file(source(tree / "c")).option_local_or_global("c-x", "Opt", "") == "local"


# ---------------------------------------------------------------- errors and odd values


def test_malformed_yaml_names_file_and_line(tree: Path) -> None:
    path = write(tree / "a" / ".clang-tidy", "Checks: 'a-*'\nCheckOptions:\n  x: [1, 2\nUser: me\n")
    with pytest.raises(ConfigError) as info:
        ConfigResolver().for_file(source(tree / "a"))
    message = str(info.value)
    assert message.startswith(f"{path}:")
    assert "\n" not in message
    line = int(message[len(str(path)) + 1 :].split(":")[0])
    assert line in (3, 4)


def test_bad_indentation_error_line(tree: Path) -> None:
    path = write(tree / "a" / ".clang-tidy", "Checks: a\n  bad: indent\n")
    with pytest.raises(ConfigError, match=rf"^{path}:2:\d+: error: "):
        ConfigResolver().for_file(source(tree / "a"))


@pytest.mark.parametrize(
    "text",
    ["Checks: {a: b}\n", "Checks:\n", "Checks: [a, [b]]\n", "WarningsAsErrors: {x: y}\n"],
)
def test_checks_must_be_string_or_list(tree: Path, text: str) -> None:
    path = write(tree / "a" / ".clang-tidy", text)
    with pytest.raises(ConfigError, match=rf"^{path}:1:\d+: error: "):
        ConfigResolver().for_file(source(tree / "a"))


def test_top_level_must_be_a_mapping(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "- Checks\n")
    with pytest.raises(ConfigError, match="not a mapping"):
        ConfigResolver().for_file(source(tree / "a"))


def test_duplicated_key_is_an_error(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "Checks: a\nChecks: b\n")
    with pytest.raises(ConfigError, match=r":2:1: error: duplicated mapping key 'Checks'"):
        ConfigResolver().for_file(source(tree / "a"))


def test_invalid_header_filter_regex_in_file(tree: Path) -> None:
    path = write(tree / "a" / ".clang-tidy", "Checks: x\nHeaderFilterRegex: '[unclosed'\n")
    with pytest.raises(ConfigError, match=rf"^{path}:2:\d+: error: HeaderFilterRegex: invalid regular"):
        ConfigResolver().for_file(source(tree / "a"))


def test_invalid_exclude_header_filter_regex_in_file(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "ExcludeHeaderFilterRegex: '(a'\n")
    with pytest.raises(ConfigError, match="ExcludeHeaderFilterRegex"):
        ConfigResolver().for_file(source(tree / "a"))


def test_invalid_boolean(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "SystemHeaders: maybe\n")
    with pytest.raises(ConfigError, match="invalid boolean 'maybe'"):
        ConfigResolver().for_file(source(tree / "a"))


@pytest.mark.parametrize("word,value", [("true", True), ("Yes", True), ("ON", True), ("y", True),
                                        ("False", False), ("off", False), ("NO", False), ("n", False)])
def test_llvm_boolean_spellings(tree: Path, word: str, value: bool) -> None:
    write(tree / "a" / ".clang-tidy", f"SystemHeaders: {word}\n")
    assert ConfigResolver().for_file(source(tree / "a")).system_headers is value


def test_none_marker_leaves_optional_unset(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "HeaderFilterRegex: 'parent'\n")
    write(tree / "a" / "b" / ".clang-tidy", "InheritParentConfig: true\nHeaderFilterRegex: <none>\n")
    assert ConfigResolver().for_file(source(tree / "a" / "b")).header_filter_regex == "parent"


def test_unknown_and_clang_tidy_only_keys_are_ignored(tree: Path) -> None:
    write(
        tree / "a" / ".clang-tidy",
        "Checks: 'x-*'\n"
        "FormatStyle: file\n"
        "User: someone\n"
        "UseColor: true\n"
        "ExtraArgs: ['-Wall']\n"
        "ExtraArgsBefore: ['-DX']\n"
        "HeaderFileExtensions: ['h', 'hpp']\n"
        "ImplementationFileExtensions: ['cpp']\n"
        "SomethingFromTheFuture: {a: [1, 2]}\n",
    )
    assert ConfigResolver().for_file(source(tree / "a")).checks == "clangcheck-*,x-*"


def test_block_scalar_checks_with_newlines(tree: Path) -> None:
    write(tree / "a" / ".clang-tidy", "Checks: >-\n  -*,\n  clangcheck-leak-*\n")
    config = ConfigResolver().for_file(source(tree / "a"))
    assert config.is_enabled("clangcheck-leak-new")
    assert not config.is_enabled("clangcheck-race-x")
    write(tree / "b" / ".clang-tidy", "Checks: |\n  -*\n  clangcheck-race-*\n")
    config = ConfigResolver().for_file(source(tree / "b"))
    assert config.is_enabled("clangcheck-race-x")
    assert not config.is_enabled("clangcheck-leak-new")


def test_error_in_unrelated_directory_does_not_matter(tree: Path) -> None:
    write(tree / "broken" / ".clang-tidy", "Checks: [\n")
    config = ConfigResolver().for_file(source(tree / "fine"))
    assert config.sources == (str(tree / ".clang-tidy"),)


def test_tidyconfig_defaults_and_direct_construction() -> None:
    config = TidyConfig(checks="-*,clangcheck-a-*", warnings_as_errors="clangcheck-a-b")
    assert config.is_enabled("clangcheck-a-x")
    assert config.is_warning_as_error("clangcheck-a-b")
    assert not config.is_warning_as_error("clangcheck-a-c")
    assert config.option("clangcheck-a-x", "O", "d") == "d"

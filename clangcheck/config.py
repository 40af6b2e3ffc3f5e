"""`.clang-tidy` configuration, resolved exactly as clang-tidy resolves it.

Users run clangcheck next to clang-tidy, so one `.clang-tidy` must mean the
same thing to both: same discovery, same merge order, same glob semantics.
Sources of truth: clang-tidy's GlobList.cpp, ClangTidyOptions.cpp,
tool/ClangTidyMain.cpp and ClangTidyCheck.cpp (OptionsView).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Iterator, Mapping, TypeVar

import yaml

DEFAULT_CHECKS = "clangcheck-*"
CONFIG_FILE_NAME = ".clang-tidy"
COMMAND_LINE_CONFIG_SOURCE = "<command-line-config>"

# llvm::StringRef::trim() strips exactly these characters.
_WHITESPACE = " \t\n\v\f\r"
_EMPTY_MAPPING: Mapping[str, str] = MappingProxyType({})
_T = TypeVar("_T")


class ConfigError(Exception):
    """str(e) is one line for the user, naming the file (and line when YAML gives it)."""


# --------------------------------------------------------------------------
# GlobList
# --------------------------------------------------------------------------


def _glob_to_regex(glob: str) -> re.Pattern[str]:
    """Only '*' is special in a clang-tidy glob; everything else is literal."""
    body = "".join(".*" if char == "*" else re.escape(char) for char in glob)
    return re.compile(body, re.DOTALL)


def _parse_globs(text: str, keep_negative: bool) -> Iterator[tuple[bool, re.Pattern[str]]]:
    """Port of GlobList's constructor loop, quirks included.

    A trailing ',' adds no glob ("a," == "a") but ", " adds an empty one,
    and an empty text is one empty glob: exactly clang-tidy's do/while.
    """
    rest = text
    while True:
        rest = rest.strip(_WHITESPACE)
        positive = not rest.startswith("-")
        if not positive:
            rest = rest[1:]
        end = len(rest)
        for separator in (",", "\n"):
            found = rest.find(separator)
            if found != -1 and found < end:
                end = found
        glob = rest[:end].strip(_WHITESPACE)
        rest = rest[end + 1 :]
        if positive or keep_negative:
            yield positive, _glob_to_regex(glob)
        if not rest:
            return


class GlobList:
    """clang-tidy's GlobList: comma/newline separated globs, '-' prefix = negative, '*' wildcard, surrounding whitespace ignored; the LAST matching glob decides; no match = False."""

    def __init__(self, text: str, *, keep_negative: bool = True) -> None:
        """keep_negative=False drops '-' globs, as NOLINT(...) lists do."""
        self.text = text
        self._items = tuple(_parse_globs(text, keep_negative))
        self._cache: dict[str, bool] = {}

    def contains(self, name: str) -> bool:
        """Cached like clang-tidy's CachedGlobList: called once per diagnostic."""
        cached = self._cache.get(name)
        if cached is None:
            cached = self._match(name)
            self._cache[name] = cached
        return cached

    def _match(self, name: str) -> bool:
        """The last glob that matches decides."""
        for positive, regex in reversed(self._items):
            if regex.fullmatch(name):
                return positive
        return False

    def __repr__(self) -> str:
        return f"GlobList({self.text!r})"


# --------------------------------------------------------------------------
# The resolved configuration
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TidyConfig:
    """Effective options for one directory, after clang-tidy's merge."""

    checks: str = DEFAULT_CHECKS
    warnings_as_errors: str = ""
    header_filter_regex: str | None = None
    exclude_header_filter_regex: str | None = None
    system_headers: bool = False
    check_options: Mapping[str, str] = field(default_factory=lambda: _EMPTY_MAPPING)
    sources: tuple[str, ...] = ()
    # which source set HeaderFilterRegex / ExcludeHeaderFilterRegex (a file path, '<command-line>', ...),
    # so the statistics can say what suppressed a header's findings
    header_filter_origin: str = field(default="", compare=False)
    exclude_header_filter_origin: str = field(default="", compare=False)
    # clang-tidy's per-option priority (index of the source that set it);
    # needed only to break local/global ties in option_local_or_global.
    option_priorities: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )

    @cached_property
    def _checks_globs(self) -> GlobList:
        return GlobList(self.checks)

    @cached_property
    def _warnings_as_errors_globs(self) -> GlobList:
        return GlobList(self.warnings_as_errors)

    def is_enabled(self, check_id: str) -> bool:
        """Whether the combined Checks glob list enables this check."""
        return self._checks_globs.contains(check_id)

    def is_warning_as_error(self, check_id: str) -> bool:
        """Whether WarningsAsErrors promotes this check's warnings."""
        return self._warnings_as_errors_globs.contains(check_id)

    def option(self, check_id: str, name: str, default: str) -> str:
        """OptionsView::get: only 'check_id.name'; clang-tidy has no global fallback here."""
        return self.check_options.get(f"{check_id}.{name}", default)

    def option_local_or_global(self, check_id: str, name: str, default: str) -> str:
        """OptionsView::getLocalOrGlobal: 'check_id.name' or bare 'name', later source wins, local wins ties."""
        local_key = f"{check_id}.{name}"
        has_local = local_key in self.check_options
        has_global = name in self.check_options
        if has_local and has_global:
            local_wins = self.option_priorities.get(local_key, 0) >= self.option_priorities.get(name, 0)
            return self.check_options[local_key if local_wins else name]
        if has_local:
            return self.check_options[local_key]
        if has_global:
            return self.check_options[name]
        return default


# --------------------------------------------------------------------------
# Parsing one configuration text
# --------------------------------------------------------------------------


@dataclass
class _RawOptions:
    """One configuration source before merging (ClangTidyOptions with optionals)."""

    source: str
    checks: str | None = None
    warnings_as_errors: str | None = None
    header_filter_regex: str | None = None
    exclude_header_filter_regex: str | None = None
    system_headers: bool | None = None
    inherit_parent_config: bool | None = None
    check_options: dict[str, str] = field(default_factory=dict)
    is_config: bool = True  # False for built-in defaults and command-line flags


def _where(source: str, node: yaml.Node | None) -> str:
    """'file:line:col' like clang's YAML diagnostics (1-based)."""
    if node is None:
        return source
    mark = node.start_mark
    return f"{source}:{mark.line + 1}:{mark.column + 1}"


def _fail(source: str, node: yaml.Node | None, message: str) -> ConfigError:
    return ConfigError(f"{_where(source, node)}: error: {message}")


def _is_null(node: yaml.Node) -> bool:
    """An absent value ('Key:' with nothing after it); LLVM's YAML rejects it as a string."""
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value == ""


def _string(node: yaml.Node, source: str, what: str) -> str:
    """Every scalar is taken verbatim as a string, as llvm::yaml does (no 'yes' -> True)."""
    if not isinstance(node, yaml.ScalarNode):
        raise _fail(source, node, f"{what}: expected a string")
    if _is_null(node):
        raise _fail(source, node, f"{what}: expected a string, found an empty value")
    return node.value


def _is_none_marker(node: yaml.Node) -> bool:
    """llvm::yaml reads a plain '<none>' for an optional key as 'not set'."""
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value.rstrip(" ") == "<none>"


_TRUE_WORDS = frozenset({"y", "Y", "on", "On", "ON", "yes", "Yes", "YES", "true", "True", "TRUE"})
_FALSE_WORDS = frozenset({"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"})


def _bool(node: yaml.Node, source: str, what: str) -> bool:
    """llvm::yaml::parseBool's exact spellings."""
    text = _string(node, source, what)
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    raise _fail(source, node, f"{what}: invalid boolean '{text}'")


def _mapping_items(node: yaml.MappingNode, source: str) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """Key/value pairs; llvm::yaml rejects non-scalar and duplicated keys."""
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = _string(key_node, source, "mapping key")
        if key in seen:
            raise _fail(source, key_node, f"duplicated mapping key '{key}'")
        seen.add(key)
        yield key, key_node, value_node


def _glob_list_value(node: yaml.Node, source: str, key: str) -> str:
    """Checks/WarningsAsErrors: a string, or a list joined with ','."""
    if isinstance(node, yaml.SequenceNode):
        return ",".join(_string(item, source, key) for item in node.value)
    if isinstance(node, yaml.ScalarNode) and not _is_null(node):
        return node.value
    raise _fail(source, node, f"{key}: expected string or sequence")


def _regex_value(node: yaml.Node, source: str, key: str) -> str:
    """A header regex, rejected early so the error names the file and line."""
    text = _string(node, source, key)
    try:
        re.compile(text)
    except re.error as error:
        raise _fail(source, node, f"{key}: invalid regular expression '{text}': {error}") from None
    return text


def _check_options(node: yaml.Node, source: str) -> dict[str, str]:
    """CheckOptions as a map {key: value} or the old list [{key: k, value: v}]."""
    if isinstance(node, yaml.MappingNode):
        return {key: _string(value, source, key) for key, _, value in _mapping_items(node, source)}
    if isinstance(node, yaml.SequenceNode):
        return dict(_old_style_option(item, source) for item in node.value)
    raise _fail(source, node, "CheckOptions: expected a sequence or map")


def _old_style_option(node: yaml.Node, source: str) -> tuple[str, str]:
    """One '{key: k, value: v}' entry; both keys are required, as in clang-tidy."""
    if not isinstance(node, yaml.MappingNode):
        raise _fail(source, node, "CheckOptions: expected a mapping with 'key' and 'value'")
    fields = {key: value for key, _, value in _mapping_items(node, source)}
    for required in ("key", "value"):
        if required not in fields:
            raise _fail(source, node, f"CheckOptions: missing required key '{required}'")
    return _string(fields["key"], source, "key"), _string(fields["value"], source, "value")


def _set_checks(opts: _RawOptions, node: yaml.Node) -> None:
    opts.checks = _glob_list_value(node, opts.source, "Checks")


def _set_warnings_as_errors(opts: _RawOptions, node: yaml.Node) -> None:
    opts.warnings_as_errors = _glob_list_value(node, opts.source, "WarningsAsErrors")


def _set_header_filter(opts: _RawOptions, node: yaml.Node) -> None:
    if not _is_none_marker(node):
        opts.header_filter_regex = _regex_value(node, opts.source, "HeaderFilterRegex")


def _set_exclude_header_filter(opts: _RawOptions, node: yaml.Node) -> None:
    if not _is_none_marker(node):
        opts.exclude_header_filter_regex = _regex_value(node, opts.source, "ExcludeHeaderFilterRegex")


def _set_system_headers(opts: _RawOptions, node: yaml.Node) -> None:
    if not _is_none_marker(node):
        opts.system_headers = _bool(node, opts.source, "SystemHeaders")


def _set_inherit(opts: _RawOptions, node: yaml.Node) -> None:
    if not _is_none_marker(node):
        opts.inherit_parent_config = _bool(node, opts.source, "InheritParentConfig")


def _set_check_options(opts: _RawOptions, node: yaml.Node) -> None:
    opts.check_options = _check_options(node, opts.source)


_KEY_HANDLERS = {
    "Checks": _set_checks,
    "WarningsAsErrors": _set_warnings_as_errors,
    "HeaderFilterRegex": _set_header_filter,
    "ExcludeHeaderFilterRegex": _set_exclude_header_filter,
    "SystemHeaders": _set_system_headers,
    "InheritParentConfig": _set_inherit,
    "CheckOptions": _set_check_options,
}
# Every other key (FormatStyle, User, UseColor, ExtraArgs, ExtraArgsBefore,
# RemovedArgs, HeaderFileExtensions, ImplementationFileExtensions,
# CustomChecks, and keys of future clang-tidy versions) is accepted and ignored.


def _compose(text: str, source: str) -> yaml.Node | None:
    """YAML -> node tree; syntax errors become one-line 'file:line:col' errors."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        raise ConfigError(_yaml_error_message(source, error)) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{source}: error: {' '.join(str(error).split())}") from None


def _yaml_error_message(source: str, error: yaml.MarkedYAMLError) -> str:
    """One line: where the parser stopped, what it expected, and where the construct began."""
    mark = error.problem_mark or error.context_mark
    where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
    message = error.problem or error.context or "invalid YAML"
    if error.problem and error.context:
        message = f"{message} ({error.context}"
        if error.context_mark and error.context_mark is not mark:
            message += f" at line {error.context_mark.line + 1}"
        message += ")"
    return f"{where}: error: {' '.join(message.split())}"


def _parse_config(text: str, source: str) -> _RawOptions:
    """Parse one configuration text; an empty document is an empty configuration."""
    opts = _RawOptions(source=source)
    root = _compose(text, source)
    if root is None:
        return opts
    if not isinstance(root, yaml.MappingNode):
        raise _fail(source, root, "not a mapping")
    for key, _, value in _mapping_items(root, source):
        handler = _KEY_HANDLERS.get(key)
        if handler is not None:
            handler(opts, value)
    return opts


def _read_text(path: str, what: str) -> str | None:
    """File contents, or None for a zero-byte file."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ConfigError(f"{path}: error: can't read {what}: {error.strerror or error}") from None
    if not data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: error: {what} is not valid UTF-8: {error.reason}") from None


# --------------------------------------------------------------------------
# Merging (ClangTidyOptions::mergeWith)
# --------------------------------------------------------------------------


def _merge_lists(dest: str | None, src: str | None) -> str | None:
    """mergeCommaSeparatedLists: 'dest,src', no leading comma when dest is empty."""
    if src is None:
        return dest
    return (f"{dest}," if dest else "") + src


def _merge(layers: list[_RawOptions]) -> TidyConfig:
    """Apply sources in order; each later one appends lists and overrides scalars."""
    merged = _RawOptions(source="<merged>")
    priorities: dict[str, int] = {}
    origins = {"header": "", "exclude": ""}
    for order, layer in enumerate(layers, start=1):
        if layer.header_filter_regex is not None:
            origins["header"] = layer.source
        if layer.exclude_header_filter_regex is not None:
            origins["exclude"] = layer.source
        merged.checks = _merge_lists(merged.checks, layer.checks)
        merged.warnings_as_errors = _merge_lists(merged.warnings_as_errors, layer.warnings_as_errors)
        merged.header_filter_regex = _override(merged.header_filter_regex, layer.header_filter_regex)
        merged.exclude_header_filter_regex = _override(
            merged.exclude_header_filter_regex, layer.exclude_header_filter_regex
        )
        merged.system_headers = _override(merged.system_headers, layer.system_headers)
        for key, value in layer.check_options.items():
            merged.check_options[key] = value
            priorities[key] = order
    return TidyConfig(
        checks=merged.checks or "",
        warnings_as_errors=merged.warnings_as_errors or "",
        header_filter_regex=merged.header_filter_regex,
        exclude_header_filter_regex=merged.exclude_header_filter_regex,
        system_headers=bool(merged.system_headers),
        check_options=MappingProxyType(merged.check_options),
        sources=tuple(layer.source for layer in layers if layer.is_config),
        header_filter_origin=origins["header"],
        exclude_header_filter_origin=origins["exclude"],
        option_priorities=MappingProxyType(priorities),
    )


def _override(dest: _T | None, src: _T | None) -> _T | None:
    """overrideValue: a set value replaces, an unset one keeps."""
    return dest if src is None else src


# --------------------------------------------------------------------------
# Resolver
# --------------------------------------------------------------------------


class ConfigResolver:
    """Finds and merges the configuration for each source file, like clang-tidy's options providers."""

    def __init__(
        self,
        *,
        checks: str | None = None,
        warnings_as_errors: str | None = None,
        header_filter: str | None = None,
        config: str | None = None,
        config_file: str | None = None,
    ) -> None:
        """Arguments mirror clang-tidy's flags; None means the flag was not given."""
        if config is not None and config_file is not None:
            raise ConfigError("error: --config-file and --config are mutually exclusive. Specify only one.")
        self._defaults = _RawOptions(
            source="<defaults>", checks=DEFAULT_CHECKS, warnings_as_errors="", is_config=False
        )
        self._overrides = _RawOptions(
            source="<command-line>",
            checks=checks,
            warnings_as_errors=warnings_as_errors,
            header_filter_regex=_command_line_regex(header_filter, "--header-filter"),
            is_config=False,
        )
        self._explicit = _explicit_config(config, config_file)
        self._files: dict[str, _RawOptions | None] = {}
        self._chains: dict[str, tuple[_RawOptions, ...]] = {}
        self._configs: dict[str, TidyConfig] = {}

    def for_file(self, path: str) -> TidyConfig:
        """Effective configuration for a source file (cached per directory)."""
        directory = os.path.dirname(os.path.normpath(os.path.abspath(path)))
        config = self._configs.get(directory)
        if config is None:
            config = _merge(self._layers(directory))
            self._configs[directory] = config
        return config

    def _layers(self, directory: str) -> list[_RawOptions]:
        """Defaults, then config files (or --config), then command-line flags."""
        layers = [self._defaults]
        explicit = self._explicit
        if explicit is None:
            layers.extend(self._chain(directory))
        else:
            if explicit.inherit_parent_config:
                layers.extend(self._chain(directory))
            layers.append(explicit)
        layers.append(self._overrides)
        return layers

    def _chain(self, directory: str) -> tuple[_RawOptions, ...]:
        """Closest .clang-tidy plus the parents it inherits, outermost first."""
        cached = self._chains.get(directory)
        if cached is not None:
            return cached
        found = self._config_in(directory)
        parent = os.path.dirname(directory)
        at_root = parent == directory
        if found is None:
            chain = () if at_root else self._chain(parent)
        elif found.inherit_parent_config and not at_root:
            chain = self._chain(parent) + (found,)
        else:
            chain = (found,)
        self._chains[directory] = chain
        return chain

    def _config_in(self, directory: str) -> _RawOptions | None:
        """The parsed .clang-tidy of one directory; zero-byte files are skipped like clang-tidy."""
        path = os.path.join(directory, CONFIG_FILE_NAME)
        if path in self._files:
            return self._files[path]
        parsed = None
        if os.path.isfile(path):
            text = _read_text(path, "configuration file")
            parsed = None if text is None else _parse_config(text, path)
        self._files[path] = parsed
        return parsed


def _command_line_regex(value: str | None, flag: str) -> str | None:
    """Reject a bad --header-filter before any file is analysed."""
    if value is not None:
        try:
            re.compile(value)
        except re.error as error:
            raise ConfigError(f"error: {flag}: invalid regular expression '{value}': {error}") from None
    return value


def _explicit_config(config: str | None, config_file: str | None) -> _RawOptions | None:
    """--config-file / --config replace discovery (unless they set InheritParentConfig)."""
    if config_file is not None:
        text = _read_text(config_file, "config-file")
        return _parse_config(text or "", config_file)
    if config is not None:
        return _parse_config(config, COMMAND_LINE_CONFIG_SOURCE)
    return None

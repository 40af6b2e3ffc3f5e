"""NOLINT must silence clangcheck exactly where it silences clang-tidy (NoLintDirectiveHandler.cpp)."""

from __future__ import annotations

import time

from clangcheck.nolint import NOLINT_CHECK_NAME, NolintIndex, NolintProblem

CHECK = "clangcheck-leak-new"
OTHER = "clangcheck-race-unlocked"

BEGIN_MSG = "unmatched 'NOLINTBEGIN' comment without a subsequent 'NOLINTEND' comment"
END_MSG = "unmatched 'NOLINTEND' comment without a previous 'NOLINTBEGIN' comment"


def suppressed_lines(text: str, check: str = CHECK, column: int = 1) -> list[int]:
    index = NolintIndex(text)
    return [n for n in range(1, text.count("\n") + 2) if index.suppresses(n, check, column)]


# ---------------------------------------------------------------- NOLINT


def test_bare_nolint_suppresses_its_own_line_only() -> None:
    text = "a;\nb; // NOLINT\nc;\n"
    assert suppressed_lines(text) == [2]
    assert suppressed_lines(text, OTHER) == [2]


def test_nolint_anywhere_on_the_line_and_not_only_in_comments() -> None:
    assert suppressed_lines('x = "NOLINT";\n') == [1]
    assert suppressed_lines("/* NOLINT */ int x;\n") == [1]
    assert suppressed_lines("int XNOLINT;\n") == [1]  # raw substring search


def test_nolint_with_check_list() -> None:
    text = f"a; // NOLINT({CHECK})\n"
    assert suppressed_lines(text, CHECK) == [1]
    assert suppressed_lines(text, OTHER) == []


def test_nolint_list_whitespace_and_several_checks() -> None:
    text = f"a; // NOLINT( {OTHER} ,  {CHECK} )\n"
    assert suppressed_lines(text, CHECK) == [1]
    assert suppressed_lines(text, OTHER) == [1]
    assert suppressed_lines(text, "clangcheck-other-x") == []


def test_nolint_globs() -> None:
    text = "a; // NOLINT(clangcheck-leak-*)\nb; // NOLINT(*-unlocked)\nc; // NOLINT(*)\n"
    assert suppressed_lines(text, CHECK) == [1, 3]
    assert suppressed_lines(text, OTHER) == [2, 3]


def test_negative_globs_are_ignored() -> None:
    # '-clangcheck-leak-new' is dropped: it neither removes nor adds anything
    text = f"a; // NOLINT(clangcheck-*,-{CHECK})\nb; // NOLINT(-{CHECK})\n"
    assert suppressed_lines(text, CHECK) == [1]
    assert suppressed_lines(text, OTHER) == [1]


def test_empty_parens_suppress_nothing() -> None:
    assert suppressed_lines("a; // NOLINT()\n") == []
    assert suppressed_lines("a; // NOLINTNEXTLINE()\nb;\n") == []


def test_whitespace_before_paren_means_bare_nolint() -> None:
    text = f"a; // NOLINT ({OTHER})\n"
    assert suppressed_lines(text, CHECK) == [1]


def test_unclosed_paren_means_bare_nolint() -> None:
    assert suppressed_lines(f"a; // NOLINT({OTHER}\nb;\n", CHECK) == [1]


def test_paren_closing_on_next_line_is_not_a_list() -> None:
    assert suppressed_lines(f"a; // NOLINT({OTHER}\n) b;\n", CHECK) == [1]


def test_unknown_suffix_is_ignored() -> None:
    text = "a; // NOLINTS\nb; // NOLINTnextline\nc; // NOLINTFOO(*)\nd;\n"
    assert suppressed_lines(text) == []


def test_non_letter_after_nolint_still_counts() -> None:
    # only letters extend the token: NOLINT_X and NOLINT2 are NOLINT
    assert suppressed_lines("a; // NOLINT_X\nb; // NOLINT2\nc;\n") == [1, 2]


def test_lowercase_is_not_a_directive() -> None:
    assert suppressed_lines("a; // nolint\nb; // NoLint\n") == []


def test_several_nolints_on_one_line() -> None:
    text = f"a; // NOLINT({OTHER}) NOLINT({CHECK})\n"
    assert suppressed_lines(text, CHECK) == [1]
    assert suppressed_lines(text, OTHER) == [1]


def test_directive_inside_a_check_list_is_not_scanned() -> None:
    # clang-tidy resumes scanning after ')', so the inner NOLINT is part of the list
    assert suppressed_lines(f"a; // NOLINT({OTHER} NOLINT)\n", CHECK) == []


# ---------------------------------------------------------------- NOLINTNEXTLINE


def test_nextline_suppresses_next_line_only() -> None:
    text = "a;\n// NOLINTNEXTLINE\nb;\nc;\n"
    assert suppressed_lines(text) == [3]


def test_nextline_with_checks() -> None:
    text = f"// NOLINTNEXTLINE({CHECK})\nb;\n// NOLINTNEXTLINE(clangcheck-race-*)\nd;\n"
    assert suppressed_lines(text, CHECK) == [2]
    assert suppressed_lines(text, OTHER) == [4]


def test_nextline_does_not_suppress_its_own_line_and_nolint_not_the_next() -> None:
    assert 1 not in suppressed_lines("a; // NOLINTNEXTLINE\nb;\n")
    assert suppressed_lines("a; // NOLINT\nb;\n") == [1]


def test_nextline_with_crlf_line_endings() -> None:
    assert suppressed_lines("// NOLINTNEXTLINE\r\nb;\r\nc;\r\n") == [2]


def test_nextline_whitespace_before_paren_is_bare() -> None:
    assert suppressed_lines(f"// NOLINTNEXTLINE ({OTHER})\nb;\n", CHECK) == [2]


def test_lines_outside_the_file() -> None:
    index = NolintIndex("// NOLINTNEXTLINE\n")
    assert index.suppresses(2, CHECK)
    assert not index.suppresses(0, CHECK)
    assert not index.suppresses(99, CHECK)


# ---------------------------------------------------------------- NOLINTBEGIN / NOLINTEND


def test_begin_end_suppresses_lines_between() -> None:
    text = "a;\n// NOLINTBEGIN\nb;\nc;\n// NOLINTEND\nd;\n"
    assert suppressed_lines(text, column=4) == [3, 4]  # column 4 = where each token starts
    assert suppressed_lines(text, column=1) == [3, 4, 5]  # '//' on line 5 precedes NOLINTEND
    assert NolintIndex(text).problems == []


def test_begin_end_positions_are_strict_on_their_own_lines() -> None:
    text = "int a; // NOLINTBEGIN\nint b;\nint c; // NOLINTEND\nint d;\n"
    index = NolintIndex(text)
    # line 1: the diagnostic at column 5 precedes the NOLINTBEGIN token (column 11)
    assert not index.suppresses(1, CHECK, 5)
    assert index.suppresses(1, CHECK, 20)
    assert index.suppresses(2, CHECK, 5)
    # line 3: code before the NOLINTEND token is inside the block, after it is not
    assert index.suppresses(3, CHECK, 5)
    assert not index.suppresses(3, CHECK, 11)  # the token position itself
    assert not index.suppresses(3, CHECK, 25)
    assert not index.suppresses(4, CHECK, 1)
    # default column 1: start of line
    assert not index.suppresses(1, CHECK)
    assert index.suppresses(3, CHECK)


def test_begin_end_on_same_line() -> None:
    index = NolintIndex("/* NOLINTBEGIN */ int a; /* NOLINTEND */ int b;\n")
    assert index.suppresses(1, CHECK, 23)
    assert not index.suppresses(1, CHECK, 46)


def test_begin_end_with_checks_and_globs() -> None:
    text = "// NOLINTBEGIN(clangcheck-leak-*)\na;\n// NOLINTEND(clangcheck-leak-*)\n"
    assert suppressed_lines(text, CHECK) == [2, 3]
    assert suppressed_lines(text, OTHER) == []


def test_begin_end_check_lists_compare_after_trimming() -> None:
    text = f"// NOLINTBEGIN( {CHECK} , {OTHER} )\na;\n// NOLINTEND({CHECK},{OTHER})\n"
    index = NolintIndex(text)
    assert index.problems == []
    assert index.suppresses(2, CHECK) and index.suppresses(2, OTHER)


def test_nested_blocks_lifo() -> None:
    text = (
        f"// NOLINTBEGIN({OTHER})\n"  # 1
        "a;\n"  # 2
        f"// NOLINTBEGIN({CHECK})\n"  # 3
        "b;\n"  # 4
        f"// NOLINTEND({CHECK})\n"  # 5
        "c;\n"  # 6
        f"// NOLINTEND({OTHER})\n"  # 7
        "d;\n"  # 8
    )
    index = NolintIndex(text)
    assert index.problems == []
    assert suppressed_lines(text, CHECK) == [4, 5]
    assert suppressed_lines(text, OTHER) == [2, 3, 4, 5, 6, 7]


def test_mismatched_check_strings_do_not_pair() -> None:
    text = f"// NOLINTBEGIN({CHECK})\na;\n// NOLINTEND({OTHER})\nb;\n"
    index = NolintIndex(text)
    assert suppressed_lines(text, CHECK) == []
    assert index.problems == [
        NolintProblem(1, 4, BEGIN_MSG),
        NolintProblem(3, 4, END_MSG),
    ]


def test_bare_begin_does_not_pair_with_star_end() -> None:
    index = NolintIndex("// NOLINTBEGIN\na;\n// NOLINTEND(*)\n")
    assert [p.message for p in index.problems] == [BEGIN_MSG, END_MSG]
    assert not index.suppresses(2, CHECK)


def test_crossed_blocks_are_not_lifo() -> None:
    text = "// NOLINTBEGIN(a)\n// NOLINTBEGIN(b)\nx;\n// NOLINTEND(a)\n// NOLINTEND(b)\n"
    index = NolintIndex(text)
    # END(a) meets BEGIN(b) on top: error; END(b) then closes BEGIN(b); BEGIN(a) stays open
    assert index.problems == [NolintProblem(1, 4, BEGIN_MSG), NolintProblem(4, 4, END_MSG)]
    assert index.suppresses(3, "b")
    assert not index.suppresses(3, "a")


def test_unmatched_begin_reports_problem_and_suppresses_nothing() -> None:
    text = "int a;\n  // NOLINTBEGIN\nint b;\nint c;\n"
    index = NolintIndex(text)
    assert suppressed_lines(text) == []
    assert index.problems == [NolintProblem(line=2, column=6, message=BEGIN_MSG)]


def test_unmatched_end_reports_problem() -> None:
    text = "int a;\nint b; // NOLINTEND\n"
    index = NolintIndex(text)
    assert index.problems == [NolintProblem(line=2, column=11, message=END_MSG)]
    assert suppressed_lines(text) == []


def test_problem_columns_are_utf8_byte_columns() -> None:
    index = NolintIndex("/* é */ // NOLINTEND\n")
    assert index.problems == [NolintProblem(1, 13, END_MSG)]


def test_problems_are_in_file_order_and_a_copy() -> None:
    text = "// NOLINTBEGIN\n// NOLINTEND(x)\n// NOLINTBEGIN(y)\n"
    index = NolintIndex(text)
    assert [(p.line, p.message) for p in index.problems] == [(1, BEGIN_MSG), (2, END_MSG), (3, BEGIN_MSG)]
    index.problems.clear()
    assert len(index.problems) == 3


def test_blocks_consulted_tracks_clang_tidys_lazy_block_lookup() -> None:
    index = NolintIndex("a; // NOLINT\n// NOLINTBEGIN\n")
    assert not index.blocks_consulted
    index.suppresses(1, CHECK)  # answered by NOLINT, no block lookup
    assert not index.blocks_consulted
    index.suppresses(3, CHECK)
    assert index.blocks_consulted


def test_nolint_check_name_constant() -> None:
    assert NOLINT_CHECK_NAME == "clang-tidy-nolint"


def test_empty_text() -> None:
    index = NolintIndex("")
    assert index.problems == []
    assert not index.suppresses(1, CHECK)


# ---------------------------------------------------------------- speed


def test_large_file_is_fast() -> None:
    body = "".join(f"int v{i} = {i}; // NOLINT({CHECK})\n" if i % 50 == 0 else f"int v{i};\n" for i in range(100_000))
    text = "// NOLINTBEGIN(clangcheck-race-*)\n" + body + "// NOLINTEND(clangcheck-race-*)\n"
    started = time.perf_counter()
    index = NolintIndex(text)
    hits = sum(index.suppresses(line, CHECK) for line in range(1, 100_003))
    elapsed = time.perf_counter() - started
    assert hits == 2000
    assert index.suppresses(50_000, OTHER)
    assert elapsed < 5.0

"""The /ask answer engine on the seed profile: question classes, quoted sources, declines, bad input, speed."""

from __future__ import annotations

import datetime as dt
import importlib.util
import statistics
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.ask import answer_question, example_questions
from retrieval.cleaning import MAX_QUESTION_CHARS, clean_question
from retrieval.models import Profile
from retrieval.questions import is_foreign
from retrieval.service import Library

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "han-shi.profile.txt"


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_ask", ROOT / "bench" / "ask.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_ask"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.from_path(SEED, reference_date=dt.date(2026, 11, 29))


@pytest.fixture(scope="module")
def graded(library):
    results, latencies = bench.evaluate(library)
    return results, latencies


# --- the question set -------------------------------------------------------------------------------------------


def test_question_set_has_at_least_40_questions_of_every_type():
    questions = bench.load_questions()
    kinds = {spec["type"] for spec in questions}
    assert len(questions) >= 40
    assert kinds == {"fact", "list", "stats", "not_found"}
    assert sum(spec["type"] == "not_found" for spec in questions) >= 10


def test_every_unanswerable_question_is_declined(graded):
    results, _ = graded
    wrong = [g.question for g in results if g.expected == "not_found" and not g.right]
    assert wrong == []


def test_answerable_questions_are_answered_from_the_right_source(graded):
    results, _ = graded
    answerable = [g for g in results if g.expected != "not_found"]
    right = sum(g.right for g in answerable)
    assert right / len(answerable) >= 0.95, [g.question for g in answerable if not g.right]


def test_holdout_questions_score_like_the_calibration_set(graded):
    results, _ = graded
    holdout = [g for g in results if g.holdout]
    assert len(holdout) >= 40
    assert sum(g.right for g in holdout) / len(holdout) >= 0.9


def test_answering_takes_well_under_20_ms_after_the_first_build(graded):
    _, latencies = graded
    assert statistics.median(latencies) < 20
    assert sorted(latencies)[int(0.9 * len(latencies))] < 20


# --- each kind of answer ------------------------------------------------------------------------------------------


def test_fact_question_quotes_the_sentence_with_the_number_and_its_source(library):
    answer = library.ask("What accuracy does MetaMath reach on GSM8K?")
    assert answer.answer_type == "fact"
    assert 1 <= len(answer.quotes) <= 3
    first = answer.quotes[0]
    assert first.paper.title.startswith("MetaMath")
    assert first.paper.year == 2023
    assert "GSM8K" in first.sentence and "%" in first.sentence
    assert "MetaMath" in answer.text


def test_quotes_are_verbatim_abstract_sentences_of_their_paper(library):
    for question in ("How much faster does DiffFit train?", "What pass rate does LEGO-Prover reach on miniF2F?"):
        answer = library.ask(question)
        for quote in answer.quotes:
            paper = library.profile.by_id(quote.paper.id)
            assert quote.sentence in paper.abstract


def test_comparative_question_is_answered_by_the_speed_up_sentence(library):
    answer = library.ask("How much faster does DiffFit train?")
    assert answer.quotes[0].paper.title.startswith("DiffFit")
    assert "speed-up" in answer.quotes[0].sentence


def test_list_question_lists_matching_papers_each_with_a_tldr(library):
    answer = library.ask("papers about speculative decoding")
    assert answer.answer_type == "list"
    titles = [listed.paper.title for listed in answer.papers]
    assert len(titles) == 2 and all("Speculative Jacobi" in title for title in titles)
    assert all(listed.tldr for listed in answer.papers)


def test_list_and_count_say_they_matched_the_topic_words(library):
    listed = library.ask("papers about speculative decoding")
    assert listed.text == "2 papers that mention “speculative decoding”:"
    counted = library.ask("how many papers on speculative decoding?")
    assert counted.text == "Han Shi has 2 papers that mention “speculative decoding”:"
    none = library.ask("how many papers on speculative decoding in 2019?")
    assert none.answer_type == "not_found"
    assert none.text == "None of Han Shi's papers in 2019 mention “speculative decoding”."


def test_what_is_an_acronym_quotes_where_it_is_written_out(library):
    answer = library.ask("what is sft")
    assert answer.answer_type == "fact"
    assert "(SFT)" in answer.quotes[0].sentence


def test_what_is_a_word_no_paper_is_named_by_needs_it_defined(library):
    answer = library.ask("what is mamba")
    assert answer.answer_type == "fact" and "Mamba, a " in answer.quotes[0].sentence


def test_what_is_a_plain_word_lists_the_papers_using_it(library):
    assert library.ask("what is diffusion").answer_type == "list"


def test_any_work_on_a_topic_is_a_list(library):
    answer = library.ask("any work on knowledge distillation?")
    assert answer.answer_type == "list" and answer.papers


def test_what_does_a_named_paper_get_on_a_benchmark_needs_a_number(library):
    answer = library.ask("what does metamath get on math")
    assert answer.answer_type == "not_found" or any(ch.isdigit() for ch in answer.quotes[0].sentence)


def test_what_problem_does_a_paper_address_quotes_the_stated_problem(library):
    answer = library.ask("what problem does lego prover address")
    assert answer.answer_type == "fact" and "limitation" in answer.quotes[0].sentence


def test_it_in_a_follow_up_outweighs_another_papers_title_words(library):
    first = library.ask("tell me about difffit")
    follow = library.ask("how much more training efficient is it than the closest competitor", context=first.context)
    assert follow.quotes and all(quote.paper.title.startswith("DiffFit") for quote in follow.quotes)


def test_what_a_paper_built_is_its_own_not_a_benchmark_it_used(library):
    answer = library.ask("what dataset did they build for metamath")
    assert answer.answer_type == "fact" and "MetaMathQA" in answer.quotes[0].sentence
    built = library.ask("how big is the logits dataset they built")
    assert built.answer_type == "fact" and "1.2M" in built.quotes[0].sentence


def test_a_benchmark_written_as_a_compound_is_stated_only_with_the_part_asked(library):
    answer = library.ask("lego prover pass rate on minif2f valid")
    assert answer.answer_type == "fact" and "miniF2F-valid (48.0% to 57.0%)" in answer.quotes[0].sentence
    assert library.ask("lego prover pass rate on minif2f").answer_type == "not_found"  # valid or test?


def test_whats_wrong_with_quotes_a_sentence_stating_what_it_ignores(library):
    answer = library.ask("whats wrong with the decoder in graph auto-encoders")
    assert answer.answer_type == "fact" and "ignoring" in answer.quotes[0].sentence


def test_one_paper_in_a_how_to_question_names_no_paper(library):
    assert library.ask("how do i ask about one paper").answer_type == "howto"


def test_owner_phrasing_is_a_list_question(library):
    answer = library.ask("what has Han Shi done on theorem proving?")
    assert answer.answer_type == "list"
    titles = [listed.paper.title for listed in answer.papers]
    assert titles == ["LEGO-Prover: Neural Theorem Proving with Growing Libraries"]


def test_list_with_only_a_year_lists_that_years_papers(library):
    answer = library.ask("What did Han Shi publish in 2019?")
    assert answer.answer_type == "list"
    assert {listed.paper.year for listed in answer.papers} == {2019}
    assert len(answer.papers) == 2


@pytest.mark.parametrize(
    "question",
    [
        "What is the TL;DR of MetaMath?",
        "Tell me about MetaMath",
        "What is MetaMath about?",
        "What is MetaMath?",
        "what does metamath do",
    ],
)
def test_a_summary_request_for_a_named_paper_gives_its_tldr(library, question):
    answer = library.ask(question)
    assert answer.answer_type == "list"
    assert [listed.paper.title[:8] for listed in answer.papers] == ["MetaMath"]
    assert answer.papers[0].tldr == library.summary(library.profile.by_id(answer.papers[0].paper.id)).tldr_body


def test_a_summary_request_for_a_topic_lists_the_papers_on_it(library):
    answer = library.ask("Tell me about diffusion")
    assert answer.answer_type == "list"
    assert len(answer.papers) >= 4


@pytest.mark.parametrize("question", ["Compare DiffFit and DiM", "DiffFit vs DiM", "How does DiffFit differ from DiM?"])
def test_comparing_two_named_papers_quotes_what_each_contributes_without_inventing_a_comparison(library, question):
    answer = library.ask(question)
    assert answer.answer_type == "fact"
    assert [listed.paper.title.split(":")[0] for listed in answer.papers] == ["DiffFit", "DiM"]
    assert [quote.paper.title.split(":")[0] for quote in answer.quotes] == ["DiffFit", "DiM"]
    assert "propose" in answer.quotes[0].sentence and "propose" in answer.quotes[1].sentence
    assert "do not compare" in answer.text


def test_a_one_letter_typo_in_a_long_word_is_corrected_and_said(library):
    answer = library.ask("Which papers use Mamaba?")
    assert answer.answer_type == "list"
    assert answer.text.startswith("(Reading “Mamaba” as “mamba”.)")
    assert answer.papers[0].paper.title.startswith("DiM")


def test_a_word_two_edits_from_the_vocabulary_is_not_corrected_into_an_answer(library):
    answer = library.ask("What is the capital of France?")  # 'france' is two edits from 'trace'
    assert answer.answer_type == "not_found"
    assert "Reading" not in answer.text


def test_a_named_co_author_filters_the_list(library):
    answer = library.ask("Which papers did Han Shi write with Yao Teng?")
    assert answer.answer_type == "list"
    assert len(answer.papers) == 3
    for listed in answer.papers:
        assert "Yao Teng" in library.profile.by_id(listed.paper.id).authors


def test_list_with_category_and_topic_applies_both(library):
    answer = library.ask("Which computer vision papers are about image generation?")
    assert answer.papers
    assert all(listed.paper.category == "CV" for listed in answer.papers)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is the h-index?", "26"),
        ("How many citations does Han Shi have?", "1,567"),
        ("How many papers in 2024?", "7"),
        ("How many papers does Han Shi have?", "33"),
        ("Who does Han Shi publish with most?", "Chuanyang Zheng"),
        ("What is Han Shi's novelty score?", "55%"),
        ("What is the AI score?", "61"),
        ("How many first-author papers does Han Shi have?", "4"),
        ("How many papers have code?", "6"),
        ("What is Han Shi's newest paper?", "UniPool"),
        ("What is the oldest paper?", "BONAS"),
        ("Which affiliations appear in the profile?", "cambridge"),
        ("How many computer vision papers are there?", "8"),
        ("When was MetaMath published?", "Sep 21, 2023"),
        ("Who wrote DiffFit?", "Enze Xie, Lewei Yao, Han Shi et al."),
        ("How many papers per year?", "2023: 8"),
        ("How many papers with Chuanyang Zheng?", "6 papers with Chuanyang Zheng"),
        ("Which year was busiest?", "2023 and 2025"),
        ("Who are Han Shi's co-authors on MetaMath?", "Longhui Yu, Weisen Jiang, Han Shi et al."),
    ],
)
def test_stats_questions_are_answered_from_the_record(library, question, expected):
    answer = library.ask(question)
    assert answer.answer_type == "stats"
    assert expected in answer.text


def test_coauthor_answer_says_the_counts_are_over_truncated_lists(library):
    answer = library.ask("Who are Han Shi's most frequent collaborators?")
    assert "truncated" in answer.text


# --- declines -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "protein folding",
        "quantum computing",
        "reinforcement learning for robotics",
        "What is the capital of France?",
    ],
)
def test_absent_topics_are_declined_plainly_with_a_papers_search(library, question):
    answer = library.ask(question)
    assert answer.answer_type == "not_found"
    assert answer.quotes == [] and answer.papers == []
    assert answer.text == "I couldn't find that in Han Shi's papers."
    assert answer.suggestion and "/papers" in answer.suggestion


@pytest.mark.parametrize("verb", ["mention", "that talk about", "mentioning"])
def test_the_verb_of_which_papers_is_no_topic_word(library, verb):
    plain = library.ask("which papers are about diffusion")
    answer = library.ask(f"which of his papers {verb} diffusion")
    assert answer.answer_type == "list"
    assert [p.paper.id for p in answer.papers] == [p.paper.id for p in plain.papers] != []


def test_a_noun_after_papers_stays_a_topic_word(library):
    assert library.ask("any papers protein diffusion").answer_type == "not_found"


def test_the_verb_of_a_stranded_preposition_is_no_topic_word_when_papers_write_it():
    library = Library.from_path(ROOT / "tests" / "data" / "profiles" / "noor-haddad.profile.txt",
                                reference_date=dt.date(2026, 11, 29))
    reading = library.ask_parts.reader.read("what is the new loss of the ood detection paper built on")
    assert "built" not in reading.topic_words and not reading.missing  # the papers write "building"
    assert library.ask("what is the new loss of the ood detection paper funded by").answer_type == "not_found"
    assert library.ask("what is deep sad funded by").answer_type == "not_found"


def test_what_are_an_acronym_the_papers_define_quotes_its_definition():
    library = Library.from_path(ROOT / "tests" / "data" / "profiles" / "jonas-eriksen.profile.txt",
                                reference_date=dt.date(2026, 11, 29))
    answer = library.ask("what are isds")
    assert answer.answer_type == "fact" and "(ISDs)" in answer.quotes[0].sentence
    assert library.ask("what is exploration").answer_type == "list"  # a word, not an acronym: its papers


def test_a_question_about_one_described_paper_is_no_co_author_question():
    library = Library.from_path(ROOT / "tests" / "data" / "profiles" / "jonas-eriksen.profile.txt",
                                reference_date=dt.date(2026, 11, 29))
    assert library.ask("which organisms does the altruism paper say can collaborate").answer_type != "stats"
    assert library.ask("who does he collaborate with the most").answer_type == "stats"


def test_any_work_on_a_topic_is_a_list_question(library):
    assert library.ask("any work on diffusion?").answer_type == "list"


def test_a_named_models_own_sentence_comes_first():
    library = Library.from_path(ROOT / "tests" / "data" / "profiles" / "ines-marlow.profile.txt",
                                reference_date=dt.date(2026, 11, 29))
    answer = library.ask("awd-lstm perplexity on penn treebank")
    assert "(AWD-LSTM)" in answer.quotes[0].sentence  # not the next sentence, about the model with a cache


def test_the_former_and_the_latter_are_read_as_what_the_sentence_before_named():
    library = Library.from_path(ROOT / "tests" / "data" / "profiles" / "jonas-eriksen.profile.txt",
                                reference_date=dt.date(2026, 11, 29))
    answer = library.ask("in his packet routing paper whats the problem with a global reward")
    assert "the former might encourage lazy agents" in answer.quotes[0].sentence


def test_the_one_in_a_comparison_is_no_aspect():
    library = Library.from_path(ROOT / "tests" / "data" / "profiles" / "noor-haddad.profile.txt",
                                reference_date=dt.date(2026, 11, 29))
    answer = library.ask("compare the scalable laplace approximation paper with the training-free uncertainty one")
    assert answer.answer_type == "fact" and len({quote.paper.id for quote in answer.quotes}) == 2


def test_a_derivation_swaps_endings_only_on_a_long_base():
    from retrieval.sentence_index import AskIndex

    library = Library.from_path(ROOT / "tests" / "data" / "profiles" / "noor-haddad.profile.txt",
                                reference_date=dt.date(2026, 11, 29))
    index: AskIndex = library.ask_index
    assert "varianc" not in index.derivations("variat")  # variational is not variance
    assert "reduc" in index.derivations("reduct") or "reduc" not in index.doc_freq


def test_venue_questions_say_the_export_has_no_venues(library):
    answer = library.ask("Has Han Shi published in Nature?")
    assert answer.answer_type == "not_found"
    assert "no venues" in answer.text


def test_a_fact_a_named_paper_does_not_state_is_declined_naming_the_paper(library):
    answer = library.ask("What accuracy does MetaMath reach on ImageNet?")  # DiffFit has ImageNet; MetaMath not
    assert answer.answer_type == "not_found" and answer.quotes == []
    assert answer.text == "The abstract of MetaMath (2023) doesn't say that."


def test_a_question_of_question_words_only_is_declined(library):
    assert library.ask("What is the model?").answer_type == "not_found"


# --- bad input ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "<@123456789012345678>", "<@!42> ?", "hi", "thanks!"])
def test_empty_or_content_free_message_gets_the_how_to(library, question):
    answer = library.ask(question)
    assert answer.answer_type == "empty"
    assert "Han Shi's papers" in answer.text


def test_the_how_to_examples_come_from_the_profile_and_are_answered(library):
    examples = example_questions(library.ask_parts)
    assert len(examples) == 3
    for example in examples:
        assert library.ask(example).answer_type in {"fact", "list", "stats"}


def test_mentions_and_everyone_are_never_echoed(library):
    answer = library.ask("<@!1234> @everyone which papers use Mamba? <@&999> @here <#55>")
    dumped = answer.model_dump_json()
    for syntax in ("<@", "@everyone", "@here", "<#"):
        assert syntax not in dumped
    assert answer.answer_type == "list"
    assert answer.papers[0].paper.title.startswith("DiM")


def test_a_4000_character_message_is_declined_without_echoing_it(library):
    message = "What is DiffFit? " * 240
    answer = library.ask(message)
    assert answer.answer_type == "not_found"
    assert "too long" in answer.text
    assert len(answer.question) <= MAX_QUESTION_CHARS


@pytest.mark.parametrize(
    "question",
    [
        "¿Qué precisión alcanza MetaMath en GSM8K?",
        "MetaMath在GSM8K上的准确率是多少？",
        "Welche Arbeiten verwenden Mamba?",
    ],
)
def test_a_question_in_another_language_is_declined_with_the_known_terms(library, question):
    answer = library.ask(question)
    assert answer.answer_type == "not_found"
    assert "English" in answer.text


def test_known_names_in_a_foreign_question_become_the_search_suggestion(library):
    answer = library.ask("¿Qué precisión alcanza MetaMath en GSM8K?")
    assert answer.suggestion == "Try a keyword search: /papers precisión MetaMath GSM8K"


def test_a_question_inside_a_code_block_is_answered(library):
    answer = library.ask("```\nWhat accuracy does MetaMath reach on GSM8K?\n```")
    assert answer.answer_type == "fact"
    assert answer.quotes[0].paper.title.startswith("MetaMath")


def test_pasted_code_is_not_answered_with_a_quote(library):
    answer = library.ask("```python\nimport torch\nmodel.train()\n```")
    assert answer.answer_type == "not_found"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_text_gets_an_answer_object_and_never_an_exception(library, text):
    answer = library.ask(text)
    assert answer.answer_type in {"fact", "list", "stats", "not_found", "empty", "howto"}
    assert answer.text
    assert len(answer.quotes) <= 3


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(
        st.sampled_from(
            ["@everyone", "@here", "<@123>", "<@!456>", "<@&789>", "<#42>", "＠everyone", "@\u200beveryone",
             "which papers use", "Mamba", "MetaMath", "GSM8K", "?", "papers about", "diffusion", " "]
        ),
        max_size=12,
    )
)
def test_no_mention_syntax_survives_into_any_answer(library, parts):
    dumped = library.ask(" ".join(parts)).model_dump_json()
    for syntax in ("@everyone", "@here", "<@", "<#"):
        assert syntax not in dumped


# --- the rules ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "intent", "slot"),
    [
        ("What accuracy does MetaMath reach on GSM8K?", "fact", None),
        ("How many skills does LEGO-Prover generate?", "fact", None),
        ("How does DiM make Mamba work on 2D images?", "fact", None),
        ("Which papers use Mamba?", "list", None),
        ("papers about speculative decoding", "list", None),
        ("Has Han Shi worked on graph auto-encoders?", "list", None),
        ("How many papers about transformers?", "count", None),
        ("How many papers in 2024?", "count", None),
        ("What is the h-index?", "metric", "h_index"),
        ("Who does Han Shi publish with most?", "record", "coauthors"),
        ("What is Han Shi's newest paper?", "record", "newest"),
        ("Who is Han Shi?", "record", "overview"),
        ("When was MetaMath published?", "meta", "date"),
        ("Who wrote DiffFit?", "meta", "authors"),
    ],
)
def test_intents(library, question, intent, slot):
    parse = library.ask(question).parse
    assert (parse.intent, parse.metric) == (intent, slot)


@pytest.mark.parametrize(
    ("question", "year_from", "year_to"),
    [
        ("How many papers in 2024?", 2024, 2024),
        ("How many papers since 2025?", 2025, None),
        ("papers after 2024 about LLMs", 2025, None),
        ("papers before 2022", None, 2021),
        ("How many papers between 2022 and 2021?", 2021, 2022),
    ],
)
def test_years_become_filters(library, question, year_from, year_to):
    parse = library.ask(question).parse
    assert (parse.year_from, parse.year_to) == (year_from, year_to)


def test_category_names_and_codes_become_filters(library):
    assert library.ask("Which Computer Vision papers use diffusion?").parse.category == "CV"
    assert library.ask("How many NLP papers?").parse.category == "CL"
    assert library.ask("LG papers about graphs").parse.category == "LG"


def test_cleaning_drops_mentions_fences_and_urls():
    text = clean_question("<@1> ```py\nwhat is `DiffFit`?``` see https://x.y/z @everyone").text
    assert text == "what is DiffFit ? see"


def test_english_with_a_foreign_looking_name_is_still_english():
    assert not is_foreign("What does Dr.Mi-Bench measure?")
    assert not is_foreign("Which papers use Mamba?")


@pytest.mark.parametrize(
    "question",
    ["What is DiffFit?", "Which papers use Mamba?", "How many papers per year?", "Compare A and B",
     "When was MetaMath published?", "Who are the co-authors on MetaMath?", "What is new?", ""],
)
def test_a_profile_without_papers_answers_without_errors(question):
    answer = Library(Profile(name="Nobody")).ask(question)
    assert answer.answer_type in {"not_found", "stats", "empty"}
    assert answer.quotes == [] and answer.papers == []


# --- plumbing -------------------------------------------------------------------------------------------------------


def test_the_sentence_index_is_built_once_per_library(library):
    assert library.ask_index is library.ask_index
    other = Library(library.profile)
    assert other.ask_index is not library.ask_index


def test_library_ask_is_the_answer_engine(library):
    assert library.ask("What is the h-index?") == answer_question(library.ask_parts, "What is the h-index?")


def test_the_engine_imports_no_discord():
    for name in ("ask.py", "questions.py"):
        source = (ROOT / "retrieval" / name).read_text(encoding="utf-8")
        assert "discord" not in source.replace("Discord", "")


def test_the_engines_are_handed_their_parts_and_never_import_the_facade():
    for name in ("ask.py", "lookup.py", "questions.py"):
        source = (ROOT / "retrieval" / name).read_text(encoding="utf-8")
        assert "from retrieval.service" not in source and "import retrieval.service" not in source


# --- a question about one given paper ---------------------------------------------------------------------------


def _paper(library, start):
    return next(paper for paper in library.profile.papers if paper.title.startswith(start))


def test_a_question_restricted_to_a_paper_quotes_only_that_paper(library):
    difffit = _paper(library, "DiffFit")
    answer = library.ask("What FID does it reach on ImageNet?", paper_id=difffit.id)
    assert answer.answer_type == "fact"
    assert {quote.paper.id for quote in answer.quotes} == {difffit.id}


def test_a_restricted_question_the_abstract_does_not_answer_says_so(library):
    metamath = _paper(library, "MetaMath")
    answer = library.ask("What FID does it reach on ImageNet?", paper_id=metamath.id)
    assert answer.answer_type == "not_found"
    assert "abstract of MetaMath" in answer.text and answer.quotes == []


@pytest.mark.parametrize("question", ["protein folding?", "what gpu did they train it on?"])
def test_a_restricted_question_about_something_absent_names_the_paper_not_the_researcher(library, question):
    metamath = _paper(library, "MetaMath")
    answer = library.ask(question, paper_id=metamath.id)
    assert answer.answer_type == "not_found"
    assert "MetaMath" in answer.text and "Han Shi" not in answer.text


@pytest.mark.parametrize("question", ["can you write code for me", "write me a poem about transformers",
                                      "please draw a diagram of diffusion"])
def test_a_request_to_produce_something_is_declined(library, question):
    answer = library.ask(question)
    assert answer.answer_type == "not_found" and not answer.papers and not answer.quotes


@pytest.mark.parametrize("question", ["total papers?", "how many papers does he have in total"])
def test_a_total_is_all_the_papers(library, question):
    answer = library.ask(question)
    assert str(len(library.profile.papers)) in answer.text and "about total" not in answer.text


@pytest.mark.parametrize("question", ["how do i get the bibtex for a paper", "can i filter papers by year",
                                      "what can this bot do", "how can i look up one paper"])
def test_questions_about_using_the_bot_get_the_how_to(library, question):
    assert library.ask(question).answer_type == "howto"


def test_a_multi_word_topic_is_counted_as_a_phrase(library):
    answer = library.ask("how many papers on state space models")
    assert [listed.paper.title.split(":")[0] for listed in answer.papers] == ["DiM"]


def test_a_restricted_question_about_authors_or_date_reads_the_record(library):
    difffit = _paper(library, "DiffFit")
    assert "Enze Xie" in library.ask("who wrote it?", paper_id=difffit.id).text
    assert "2023" in library.ask("when was it published?", paper_id=difffit.id).text


def test_a_restricted_question_about_an_unknown_paper_is_declined(library):
    assert library.ask("what is it?", paper_id="no-such-paper").answer_type == "not_found"


def test_a_message_that_is_only_a_paper_id_gets_that_paper(library):
    paper = library.profile.papers[0]
    answer = library.ask(paper.id)
    assert answer.parse.intent == "paper" and [listed.paper.id for listed in answer.papers] == [paper.id]


def test_a_message_that_is_only_a_url_gets_the_how_to(library):
    assert library.ask("https://arxiv.org/abs/2309.12284").answer_type == "empty"


def test_a_question_mixing_two_languages_is_declined_not_guessed(library):
    answer = library.ask("which papers usan modelos de difusión?")
    assert answer.answer_type == "not_found" and answer.papers == []


def test_a_restricted_question_about_the_whole_profile_points_to_ask(library):
    difffit = _paper(library, "DiffFit")
    answer = library.ask("how many papers in 2023", paper_id=difffit.id)
    assert answer.answer_type == "not_found" and "DiffFit alone" in answer.text and answer.papers == []
    assert "Enze Xie" in library.ask("who are the co-authors?", paper_id=difffit.id).text


def test_a_quantity_asked_needs_a_number_that_counts_it(library):
    # "two ... techniques" counts techniques; a number from the question itself answers nothing
    assert library.ask("how many parameters does SepLLM use?").answer_type == "not_found"
    answer = library.ask("How many skills does LEGO-Prover generate?")
    assert answer.quotes and "20,000" in answer.quotes[0].sentence


def test_a_number_before_latest_is_how_many(library):
    answer = library.ask("what are his two latest papers")
    assert answer.parse.limit == 2 and len(answer.papers) == 2


# --- fifth pass: list requests, joined topics, one-sided comparisons, margins ----------------------------------

PROFILES = ROOT / "tests" / "data" / "profiles"


@pytest.fixture(scope="module")
def noor() -> Library:
    return Library.from_path(PROFILES / "noor-haddad.profile.txt", reference_date=dt.date(2026, 11, 29))


@pytest.fixture(scope="module")
def jonas() -> Library:
    return Library.from_path(PROFILES / "jonas-eriksen.profile.txt", reference_date=dt.date(2026, 11, 29))


@pytest.mark.parametrize("question", ["diffusion stuff", "diffusion stuff pls", "diffusion stuff?"])
def test_topic_stuff_is_a_list_request_not_a_fact(library, question):
    answer = library.ask(question)
    assert answer.answer_type == "list" and len(answer.papers) >= 2


def test_a_topic_with_a_connective_needs_papers_about_each_part(library):
    answer = library.ask("papers on math reasoning with llms")
    ids = [listed.paper.id for listed in answer.papers]
    assert answer.answer_type == "list" and any(paper_id.startswith("metamath") for paper_id in ids)
    assert not any(paper_id.startswith("quickllama") for paper_id in ids)  # reasons with LLMs, no maths
    assert "“math reasoning” and “llms”" in answer.text


def test_a_comparison_one_abstract_is_silent_on_still_shows_both_and_says_so(noor):
    answer = noor.ask("batchensemble or deep ensembles, which is cheaper")
    quoted = {quote.paper.id.split("-")[0] for quote in answer.quotes}
    assert answer.answer_type == "fact" and quoted == {"batchensemble", "deep"}
    assert "only BatchEnsemble's abstract speaks to that" in answer.text and "not compared directly" in answer.text


def test_by_how_much_is_answered_by_the_margin_and_a_superlative_matches_its_adjective(jonas):
    answer = jonas.ask("by how much does the abstract mdp approach beat sota on the hard games")
    assert answer.answer_type == "fact" and "factor of 2" in answer.quotes[0].sentence


def test_a_lower_case_name_the_papers_only_write_as_an_acronym_finds_its_long_form_too():
    ines = Library.from_path(PROFILES / "ines-marlow.profile.txt", reference_date=dt.date(2026, 11, 29))
    answer = ines.ask("which of her papers use squad")  # one abstract writes only "Stanford Question Answering Dataset"
    ids = [listed.paper.id for listed in answer.papers]
    assert answer.answer_type == "list" and any(paper_id.startswith("dcnp") for paper_id in ids)


def test_papers_filed_under_a_category_count_the_category(library):
    answer = library.ask("how many of his papers are filed under computer vision")
    assert answer.answer_type == "stats" and "in Computer Vision" in answer.text


def test_searching_by_topic_is_a_how_to_but_topic_models_is_a_topic(library):
    assert library.ask("how do i search his papers by topic").answer_type == "howto"
    assert library.ask("how do i find papers on topic models").answer_type != "howto"


def test_the_description_one_names_the_paper_it_refers_to_in_the_same_question(library):
    answer = library.ask("the visual token grouping one, how much inference time does it cut")
    assert answer.answer_type == "fact" and "27%" in answer.quotes[0].sentence
    assert library.ask("whats the triadic closure one about").answer_type == "list"  # the paper in short


def test_chat_abbreviations_envs_and_eval_ask_for_the_evaluation_setting(jonas):
    answer = jonas.ask("which envs did they eval scheduled intrinsic drive on")
    assert answer.answer_type == "fact" and "VizDoom" in answer.quotes[0].sentence

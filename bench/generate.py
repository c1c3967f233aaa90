"""Write a synthetic seeds folder of N articles: Cyrillic texts with anchored quotes, a shared
registry, a meeting, an agreement and claims with relay chains per article. Valid by
construction and reproducible: the same --seed gives the same bytes.

    python bench/generate.py --articles 1000 --out /tmp/bench-1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SYLLABLES = ["ко", "ва", "лен", "ди", "мир", "сла", "бо", "ро", "ми", "та", "ген", "ник", "ар", "се", "ус"]
MONTHS = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
]
PEOPLE, PLACES, OUTLETS, AGENCIES = 300, 30, 8, 4


def _name(chance: random.Random) -> str:
    return "".join(chance.choice(SYLLABLES) for _ in range(3)).capitalize()


def registry(chance: random.Random) -> tuple[str, str, str]:
    people = "\n".join(
        f"  - id: person-{i}\n    kind: person\n    label: {{en: Person {i}, uk: {_name(chance)} {_name(chance)}о{i}}}"
        for i in range(PEOPLE)
    )
    media = (
        "\n".join(
            f"  - id: outlet-{i}\n    kind: outlet\n    label: {{en: Outlet {i}, uk: Видання{i}}}"
            for i in range(OUTLETS)
        )
        + "\n"
        + "\n".join(
            f"  - id: agency-{i}\n    kind: agency\n    label: {{en: Agency {i}, uk: Агенція{i}}}"
            for i in range(AGENCIES)
        )
    )
    places = "\n".join(
        f"  - id: place-{i}\n    kind: city\n    label: {{en: City {i}, uk: Місто{i}}}" for i in range(PLACES)
    )
    topics = "  - id: topic-0\n    label: {en: Synthetic topic, uk: Синтетична тема}"
    return f"actors:\n{people}\n{media}\n", f"places:\n{places}\n", f"topics:\n{topics}\n"


def article(number: int, chance: random.Random, labels: dict[str, str]) -> tuple[str, str]:
    """One article's text and its annotation."""
    a, b = chance.sample(range(PEOPLE), 2)
    place, outlet, agency = chance.randrange(PLACES), chance.randrange(OUTLETS), chance.randrange(AGENCIES)
    day, month = chance.randint(1, 28), chance.randint(1, 12)
    year = 2020 + number % 6
    who_a, who_b, city = labels[f"person-{a}"], labels[f"person-{b}"], f"Місто{place}"
    meeting = f"{who_a} зустрівся з {who_b} у місті {city} {day} {MONTHS[month - 1]}"
    agreement = f"угоду номер {number} про співпрацю"
    said = f"Ми підписали {agreement}"
    hedged = f"угоду номер {number} можуть переглянути"
    text = (
        f"date {year}-{month:02d}-{day:02d} Новина {number}: зустріч у місті {city}\n\n"
        f"{meeting}. Про це повідомляє Видання{outlet}.\n\n"
        f'"{said}", - заявив {who_a}.\n\n'
        f"За словами джерел Агенція{agency}, {hedged}.\n"
    )
    note = f"""article:
  id: article-{number}
  outlet: outlet-{outlet}
  language: uk
  title: "Новина {number}: зустріч у місті {city}"
  title_en: "News {number}: a meeting in City {place}"
  date: {year}-{month:02d}-{day:02d}
  date_quote: date {year}-{month:02d}-{day:02d}
  cites: [agency-{agency}]
actors:
  - actor: outlet-{outlet}
    quote: Видання{outlet}.
  - actor: agency-{agency}
    quote: джерел Агенція{agency}
  - actor: person-{a}
    quote: {{text: "{who_a}", start: {text.index(who_a)}}}
    title: учасник
    title_en: participant
  - actor: person-{b}
    quote: {who_b} у місті
unnamed:
  - id: sources
    kind: anonymous-source
    label: {{en: Unnamed sources, uk: джерела}}
    quote: За словами джерел
events:
  - id: meeting
    kind: meeting
    label: {{en: Meeting {number}}}
    quote: "{meeting}"
    place: place-{place}
    date: {year}-{month:02d}-{day:02d}
    date_quote: {day} {MONTHS[month - 1]}
    year_from_article: true
    participants:
      - {{actor: person-{a}, role: host}}
      - {{actor: person-{b}, role: attendee}}
    topics: [topic-0]
agreements:
  - id: cooperation
    kind: support-commitment
    label: {{en: Agreement {number}}}
    quote: {{text: "{agreement}", start: {text.index(agreement)}}}
    status: signed
    parties: [person-{a}, person-{b}]
claims:
  - id: signed
    by: person-{a}
    as: official
    quote: "{said}"
    en: We signed agreement {number}.
    about: [cooperation]
    certainty: certain
  - id: may-be-revised
    by: sources
    as: anonymous-source
    via: [agency-{agency}]
    quote: "{hedged}"
    en: Agreement {number} may be revised.
    about: [cooperation, topic-0]
    certainty: possible
"""
    return text, note


def generate(out: Path, articles: int, seed: int = 1) -> None:
    chance = random.Random(seed)
    (out / "registry").mkdir(parents=True, exist_ok=True)
    actors, places, topics = registry(chance)
    for name, body in (("actors", actors), ("places", places), ("topics", topics)):
        (out / "registry" / f"{name}.yaml").write_text(body, encoding="utf-8")
    labels = {}
    for line in actors.splitlines():
        if line.startswith("  - id: person-"):
            current = line.split(": ", 1)[1]
        elif "uk: " in line and line.strip().startswith("label") and current.startswith("person-"):
            labels[current] = line.split("uk: ", 1)[1].rstrip("}")
    for number in range(articles):
        text, note = article(number, chance, labels)
        (out / f"{number:06d}.txt").write_text(text, encoding="utf-8")
        (out / f"{number:06d}.yaml").write_text(note, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.articles, args.seed)


if __name__ == "__main__":
    main()

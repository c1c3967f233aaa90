"""The site's own words in the languages of the material; English is the key and the fallback."""

from __future__ import annotations

from collections.abc import Callable

TIMELINE_INTRO = (
    "Each row is a dated event, claim or article, as precise as its article is: a dot for a day, "
    "a bar across the month or year when only that is given, a hollow dot when the year is taken "
    "from the article's own date. Dates without a year are listed below the axis."
)
NETWORK_INTRO = (
    "One picture for each meeting or event (round corners) and each agreement (square corners), with a line "
    "to each actor who took part or is a party; choose a month, an actor or an article to see only theirs."
)
QUERY_NEEDS = (
    "This page runs the saved queries in your browser, over the site's own dump: it needs JavaScript and "
    "WebAssembly, and the site served over HTTP (any web server, or kg serve), not opened as a file. Without "
    "them, run each query below with kg query NAME, or at any SPARQL endpoint loaded with dump/kg.nq."
)
QUERY_MISSING = (
    "This site was published without its query engine (Oxigraph's WebAssembly build, which kg publish fetches "
    "with npm), so these queries cannot run here: publish again where npm can reach its registry, or after "
    "scripts/fetch-oxigraph-wasm. Meanwhile run each query below with kg query NAME, or at any SPARQL endpoint "
    "loaded with dump/kg.nq."
)
UI: dict[str, dict[str, str]] = {
    "uk": {
        "Claims": "Твердження",
        "Meetings": "Зустрічі",
        "Other events": "Інші події",
        "Agreements": "Домовленості",
        "Articles": "Статті",
        "Actors": "Учасники",
        "Places": "Місця",
        "Topics": "Теми",
        "Timeline": "Хронологія",
        "Network": "Мережа",
        "Ontology": "Онтологія",
        "Dataset": "Набір даних",
        "about this dataset": "про цей набір даних",
        "IRI": "IRI",
        "this resource as": "цей ресурс у форматі",
        "Who said it, and how it reached the reader": "Хто це сказав і як це дійшло до читача",
        "Said by": "Сказав",
        "not named": "не названо",
        "Said on": "Коли сказано",
        "Certainty": "Впевненість",
        "not given": "не вказано",
        "Polarity": "Полярність",
        "About": "Про що",
        "Reported in": "Повідомлено в",
        "Relay chain": "Ланцюжок передачі",
        "unknown": "невідомо",
        "the source": "джерело",
        "the outlet that published it": "видання, що це опублікувало",
        "step": "крок",
        "Participants": "Учасники",
        "Actor": "Учасник",
        "Role": "Роль",
        "On behalf of": "Від імені",
        "In the article": "У статті",
        "characters": "символи",
        "for": "для",
        "see it in the article": "дивитися в статті",
        "Text of the article": "Текст статті",
        "Marked passages are the evidence of a claim, event, agreement or date; each links to what it supports.": (
            "Позначені уривки є доказами твердження, події, домовленості чи дати; кожен веде до того, що він "
            "підтверджує."
        ),
        "Properties": "Властивості",
        "Referred to by": "Посилання на цей ресурс",
        "of": "для",
        "in all": "усього",
        "Name": "Назва",
        "Type": "Тип",
        "Browse": "Перегляд",
        "Data": "Дані",
        "triples from": "трійок із",
        "articles": "статей",
        "when things happened": "коли що сталося",
        "who met or agreed with whom": "хто з ким зустрічався чи домовлявся",
        "Who met whom, who agreed with whom": "Хто з ким зустрічався, хто з ким домовився",
        "dataset description": "опис набору даних",
        "the whole graph": "увесь граф",
        "bytes": "байтів",
        "SPARQL endpoint": "SPARQL-точка доступу",
        "Query": "Запити",
        "Where the queries run": "Де виконуються запити",
        "in this browser, over": "у цьому браузері, над",
        "at the SPARQL endpoint": "на SPARQL-точці доступу",
        "Saved queries": "Збережені запити",
        "Any SPARQL query": "Будь-який SPARQL-запит",
        "optional": "необов’язковий",
        "Run": "Виконати",
        "SPARQL (the default graph is the union of every article's graph)": (
            "SPARQL (типовий граф — об’єднання графів усіх статей)"
        ),
        QUERY_NEEDS: (
            "Ця сторінка виконує збережені запити у вашому браузері над дампом самого сайту: їй потрібні "
            "JavaScript і WebAssembly, а сайт має бути відкритий через HTTP (будь-який вебсервер або kg serve), "
            "а не як файл. Без них виконайте кожен запит нижче командою kg query NAME або на будь-якій "
            "SPARQL-точці доступу, куди завантажено dump/kg.nq."
        ),
        QUERY_MISSING: (
            "Цей сайт опубліковано без рушія запитів (збірки Oxigraph для WebAssembly, яку kg publish отримує "
            "через npm), тож ці запити тут не виконуються: опублікуйте знову там, де npm має доступ до свого "
            "реєстру, або після scripts/fetch-oxigraph-wasm. Тим часом виконайте кожен запит нижче командою "
            "kg query NAME або на будь-якій SPARQL-точці доступу, куди завантажено dump/kg.nq."
        ),
        TIMELINE_INTRO: (
            "Кожен рядок — датована подія, твердження чи стаття, з тією точністю, яку дає стаття: крапка — день, "
            "смуга — місяць чи рік, якщо вказано лише їх, порожня крапка — рік узято з дати самої статті. Дати "
            "без року перелічено під віссю."
        ),
        NETWORK_INTRO: (
            "Окремий малюнок для кожної зустрічі чи події (заокруглені кути) і кожної домовленості (прямі кути) "
            "з лінією до кожного учасника чи сторони; виберіть місяць, учасника чи статтю, щоб бачити лише їхні."
        ),
        "Filter the network": "Фільтр мережі",
        "its meetings, events and agreements, drawn": "його зустрічі, події й домовленості на малюнках",
        "By month": "За місяцем",
        "By actor": "За учасником",
        "By article": "За статтею",
        "The latest month": "Останній місяць",
        "undated": "без дати",
        "meeting": "зустріч",
        "event": "подія",
        "agreement": "домовленість",
        "No meeting, event or agreement with participants.": "Немає зустрічей, подій чи домовленостей з учасниками.",
    },
    "bg": {
        "Claims": "Твърдения",
        "Meetings": "Срещи",
        "Other events": "Други събития",
        "Agreements": "Споразумения",
        "Articles": "Статии",
        "Actors": "Участници",
        "Places": "Места",
        "Topics": "Теми",
        "Timeline": "Хронология",
        "Network": "Мрежа",
        "Ontology": "Онтология",
        "Dataset": "Набор от данни",
        "about this dataset": "за този набор от данни",
        "IRI": "IRI",
        "this resource as": "този ресурс във формат",
        "Who said it, and how it reached the reader": "Кой го е казал и как е стигнало до читателя",
        "Said by": "Казано от",
        "not named": "не е посочен",
        "Said on": "Кога е казано",
        "Certainty": "Сигурност",
        "not given": "не е посочено",
        "Polarity": "Полярност",
        "About": "За какво",
        "Reported in": "Съобщено в",
        "Relay chain": "Верига на предаване",
        "unknown": "неизвестно",
        "the source": "източникът",
        "the outlet that published it": "изданието, което го е публикувало",
        "step": "стъпка",
        "Participants": "Участници",
        "Actor": "Участник",
        "Role": "Роля",
        "On behalf of": "От името на",
        "In the article": "В статията",
        "characters": "знаци",
        "for": "за",
        "see it in the article": "вижте го в статията",
        "Text of the article": "Текст на статията",
        "Marked passages are the evidence of a claim, event, agreement or date; each links to what it supports.": (
            "Отбелязаните откъси са доказателства за твърдение, събитие, споразумение или дата; всеки води към "
            "това, което подкрепя."
        ),
        "Properties": "Свойства",
        "Referred to by": "Препратки към този ресурс",
        "of": "на",
        "in all": "общо",
        "Name": "Име",
        "Type": "Тип",
        "Browse": "Преглед",
        "Data": "Данни",
        "triples from": "тройки от",
        "articles": "статии",
        "when things happened": "кога какво се е случило",
        "who met or agreed with whom": "кой с кого се е срещал или договорил",
        "Who met whom, who agreed with whom": "Кой с кого се е срещал, кой с кого се е договорил",
        "dataset description": "описание на набора от данни",
        "the whole graph": "целият граф",
        "bytes": "байта",
        "SPARQL endpoint": "SPARQL крайна точка",
        "Query": "Заявки",
        "Where the queries run": "Къде се изпълняват заявките",
        "in this browser, over": "в този браузър, върху",
        "at the SPARQL endpoint": "на SPARQL крайната точка",
        "Saved queries": "Запазени заявки",
        "Any SPARQL query": "Произволна SPARQL заявка",
        "optional": "незадължителен",
        "Run": "Изпълни",
        "SPARQL (the default graph is the union of every article's graph)": (
            "SPARQL (графът по подразбиране е обединението на графите на всички статии)"
        ),
        QUERY_NEEDS: (
            "Тази страница изпълнява запазените заявки във вашия браузър върху дъмпа на самия сайт: нужни са "
            "JavaScript и WebAssembly, а сайтът трябва да се отваря през HTTP (всеки уеб сървър или kg serve), "
            "а не като файл. Без тях изпълнете всяка заявка по-долу с kg query NAME или на всяка SPARQL крайна "
            "точка, в която е зареден dump/kg.nq."
        ),
        QUERY_MISSING: (
            "Този сайт е публикуван без двигателя за заявки (компилацията на Oxigraph за WebAssembly, която "
            "kg publish изтегля с npm), затова заявките не могат да се изпълнят тук: публикувайте отново там, "
            "където npm достига своя регистър, или след scripts/fetch-oxigraph-wasm. Междувременно изпълнете "
            "всяка заявка по-долу с kg query NAME или на всяка SPARQL крайна точка, в която е зареден dump/kg.nq."
        ),
        TIMELINE_INTRO: (
            "Всеки ред е датирано събитие, твърдение или статия, с точността, която дава статията: точка за ден, "
            "лента през месеца или годината, когато е дадено само това, празна точка, когато годината е взета от "
            "датата на статията. Датите без година са изброени под оста."
        ),
        NETWORK_INTRO: (
            "По една картина за всяка среща или събитие (заоблени ъгли) и всяко споразумение (прави ъгли), с линия "
            "към всеки участник или страна; изберете месец, участник или статия, за да видите само техните."
        ),
        "Filter the network": "Филтър на мрежата",
        "its meetings, events and agreements, drawn": "неговите срещи, събития и споразумения в картини",
        "By month": "По месец",
        "By actor": "По участник",
        "By article": "По статия",
        "The latest month": "Последният месец",
        "undated": "без дата",
        "meeting": "среща",
        "event": "събитие",
        "agreement": "споразумение",
        "No meeting, event or agreement with participants.": "Няма срещи, събития или споразумения с участници.",
    },
}


def translator(lang: str) -> Callable[[str], str]:
    """The site's words in ``lang``.

    >>> translator("uk")("Claims"), translator("en")("Claims"), translator("bg")("Relay chain")
    ('Твердження', 'Claims', 'Верига на предаване')
    """
    words = UI.get(lang, {})
    return lambda text: words.get(text, text)

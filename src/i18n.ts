/** UI strings per language. Every edition's `lang` must have an entry. */
export interface UiStrings {
  source: string;
  withReferenceTo: string;
  background: string;
  photo: string;
  updated: string;
  tags: string;
  authors: string;
  /** On an author's page: the link to their own site (`url` in content/authors/<id>.yaml). */
  website: string;
  skipToContent: string;
  allSections: string;
  home: string;
  newsFeed: string;
  published: string;
  /** Preview banners (`npm start` only). */
  draftBanner: string;
  embargoBanner: string;
  corrections: string;
  latestNews: string;
  allNews: string;
  archive: string;
  /** On the oldest page a news feed or section front keeps, when it has older articles. */
  olderInArchive: string;
  previousPage: string;
  nextPage: string;
  /** A numbered page of a list, counted from its oldest page, without a total (it would change with every new page). */
  pageN: (page: number) => string;
  previousArticle: string;
  nextArticle: string;
  related: string;
  allNewsOfDay: string;
  breadcrumb: string;
  pagination: string;
  noArticles: string;
  notFoundTitle: string;
  notFoundText: string;
  /** The footer's list of the static pages (About, Contacts, policies). */
  aboutPublication: string;
  /** The edition's language in itself, for links between editions. */
  editionLabel: string;
  /** "Read in: English / Українською" on translated articles: the label, and this language as a link to its version. */
  readIn: string;
  readInLanguage: string;
  /** `5 articles`, with the language's plural rules. */
  articleCount: (n: number) => string;
  /** The search page (Pagefind) and its form. */
  search: string;
  searchLabel: string;
  searchButton: string;
  section: string;
  /** The "no filter" choice of a filter's select. */
  anyValue: string;
  searchNeedsJs: string;
  searchInPreview: string;
  searchFailed: string;
  moreResults: string;
  /** `{n} results for “{q}”` per CLDR plural category; the search script fills them in the browser. */
  resultCount: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
  /** The front (issue 16): the home page's top stories, share links, the phone menu and the footer's groups. */
  topStories: string;
  share: string;
  shareByEmail: string;
  menu: string;
  feeds: string;
  editions: string;
  sections: string;
}

/** Picks a plural form by the language's CLDR rules (uk/ru have one, few, many). */
function plural(lang: string, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }) {
  const rules = new Intl.PluralRules(lang);
  return (n: number) => `${n} ${forms[rules.select(n)] ?? forms.other}`;
}

const en: UiStrings = {
  source: "Source",
  withReferenceTo: "with reference to",
  background: "Background",
  photo: "Photo",
  updated: "Updated",
  tags: "Tags",
  authors: "Authors",
  website: "Website",
  skipToContent: "Skip to content",
  allSections: "All Sections",
  home: "Home",
  newsFeed: "News feed",
  published: "Published",
  draftBanner: "Preview: this is a draft and is not published",
  embargoBanner: "Preview: embargoed, publishes at",
  corrections: "Corrections",
  latestNews: "Latest news",
  allNews: "All news",
  archive: "Archive",
  olderInArchive: "Older articles are in the archive, by year, month and day.",
  previousPage: "Previous page",
  nextPage: "Next page",
  pageN: (page) => `Page ${page}`,
  previousArticle: "Previous article",
  nextArticle: "Next article",
  related: "Related",
  allNewsOfDay: "All news of the day",
  breadcrumb: "Breadcrumb",
  pagination: "Pages",
  noArticles: "No articles yet.",
  notFoundTitle: "Page not found",
  notFoundText: "This page does not exist or has moved. Try the home page or the news feed.",
  aboutPublication: "About the publication",
  editionLabel: "English",
  readIn: "Read in",
  readInLanguage: "English",
  articleCount: plural("en", { one: "article", other: "articles" }),
  search: "Search",
  searchLabel: "Search the news",
  searchButton: "Search",
  section: "Section",
  anyValue: "All",
  searchNeedsJs: "Search needs JavaScript. You can browse the news feed, tags and authors without it.",
  searchInPreview: "Search is not available in the preview: the index is built with the published site.",
  searchFailed: "Search could not be loaded.",
  moreResults: "More results",
  resultCount: { one: "{n} result for “{q}”", other: "{n} results for “{q}”" },
  topStories: "Top stories",
  share: "Share",
  shareByEmail: "E-mail",
  menu: "Menu",
  feeds: "Feeds",
  editions: "Editions",
  sections: "Sections",
};

const uk: UiStrings = {
  source: "Джерело",
  withReferenceTo: "з посиланням на",
  background: "Передісторія",
  photo: "Фото",
  updated: "Оновлено",
  tags: "Теги",
  authors: "Автори",
  website: "Вебсайт",
  skipToContent: "Перейти до змісту",
  allSections: "Усі розділи",
  home: "Головна",
  newsFeed: "Стрічка новин",
  published: "Опубліковано",
  draftBanner: "Попередній перегляд: це чернетка, її не опубліковано",
  embargoBanner: "Попередній перегляд: ембарго, публікація о",
  corrections: "Виправлення",
  latestNews: "Останні новини",
  allNews: "Усі новини",
  archive: "Архів",
  olderInArchive: "Старіші матеріали — в архіві за роками, місяцями й днями.",
  previousPage: "Попередня сторінка",
  nextPage: "Наступна сторінка",
  pageN: (page) => `Сторінка ${page}`,
  previousArticle: "Попередня новина",
  nextArticle: "Наступна новина",
  related: "Читайте також",
  allNewsOfDay: "Усі новини дня",
  breadcrumb: "Навігаційний ланцюжок",
  pagination: "Сторінки",
  noArticles: "Новин поки немає.",
  notFoundTitle: "Сторінку не знайдено",
  notFoundText: "Такої сторінки немає або її перенесли. Спробуйте головну сторінку або стрічку новин.",
  aboutPublication: "Про видання",
  editionLabel: "Українська",
  readIn: "Читати",
  readInLanguage: "Українською",
  articleCount: plural("uk", { one: "новина", few: "новини", many: "новин", other: "новини" }),
  search: "Пошук",
  searchLabel: "Пошук у новинах",
  searchButton: "Шукати",
  section: "Розділ",
  anyValue: "Усі",
  searchNeedsJs: "Для пошуку потрібен JavaScript. Без нього можна переглядати стрічку новин, теги та авторів.",
  searchInPreview: "Пошук недоступний у попередньому перегляді: індекс створюється разом з опублікованим сайтом.",
  searchFailed: "Не вдалося завантажити пошук.",
  moreResults: "Більше результатів",
  resultCount: {
    one: "{n} результат за запитом «{q}»",
    few: "{n} результати за запитом «{q}»",
    many: "{n} результатів за запитом «{q}»",
    other: "{n} результату за запитом «{q}»",
  },
  topStories: "Головні новини",
  share: "Поділитися",
  shareByEmail: "Е-пошта",
  menu: "Меню",
  feeds: "Стрічки",
  editions: "Версії",
  sections: "Розділи",
};

const ru: UiStrings = {
  source: "Источник",
  withReferenceTo: "со ссылкой на",
  background: "Предыстория",
  photo: "Фото",
  updated: "Обновлено",
  tags: "Теги",
  authors: "Авторы",
  website: "Сайт",
  skipToContent: "Перейти к содержанию",
  allSections: "Все разделы",
  home: "Главная",
  newsFeed: "Лента новостей",
  published: "Опубликовано",
  draftBanner: "Предпросмотр: это черновик, он не опубликован",
  embargoBanner: "Предпросмотр: эмбарго, публикация в",
  corrections: "Исправления",
  latestNews: "Последние новости",
  allNews: "Все новости",
  archive: "Архив",
  olderInArchive: "Более ранние материалы — в архиве по годам, месяцам и дням.",
  previousPage: "Предыдущая страница",
  nextPage: "Следующая страница",
  pageN: (page) => `Страница ${page}`,
  previousArticle: "Предыдущая новость",
  nextArticle: "Следующая новость",
  related: "Читайте также",
  allNewsOfDay: "Все новости дня",
  breadcrumb: "Навигационная цепочка",
  pagination: "Страницы",
  noArticles: "Новостей пока нет.",
  notFoundTitle: "Страница не найдена",
  notFoundText: "Такой страницы нет или она перемещена. Попробуйте главную страницу или ленту новостей.",
  aboutPublication: "Об издании",
  editionLabel: "Русский",
  readIn: "Читать",
  readInLanguage: "По-русски",
  articleCount: plural("ru", { one: "новость", few: "новости", many: "новостей", other: "новости" }),
  search: "Поиск",
  searchLabel: "Поиск по новостям",
  searchButton: "Искать",
  section: "Раздел",
  anyValue: "Все",
  searchNeedsJs: "Для поиска нужен JavaScript. Без него можно просматривать ленту новостей, теги и авторов.",
  searchInPreview: "Поиск недоступен в предпросмотре: индекс создаётся вместе с опубликованным сайтом.",
  searchFailed: "Не удалось загрузить поиск.",
  moreResults: "Больше результатов",
  resultCount: {
    one: "{n} результат по запросу «{q}»",
    few: "{n} результата по запросу «{q}»",
    many: "{n} результатов по запросу «{q}»",
    other: "{n} результата по запросу «{q}»",
  },
  topStories: "Главные новости",
  share: "Поделиться",
  shareByEmail: "Эл. почта",
  menu: "Меню",
  feeds: "Ленты",
  editions: "Версии",
  sections: "Разделы",
};

const STRINGS: Record<string, UiStrings> = { en, uk, ru };

export function uiStrings(lang: string): UiStrings {
  return STRINGS[lang] ?? en;
}

export const SUPPORTED_UI_LANGUAGES = Object.keys(STRINGS);

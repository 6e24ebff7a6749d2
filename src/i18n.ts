/** UI strings per language. Every edition's `lang` must have an entry. */
export interface UiStrings {
  source: string;
  withReferenceTo: string;
  background: string;
  photo: string;
  updated: string;
  tags: string;
  authors: string;
  skipToContent: string;
  allSections: string;
  home: string;
  newsFeed: string;
  published: string;
}

const en: UiStrings = {
  source: "Source",
  withReferenceTo: "with reference to",
  background: "Background",
  photo: "Photo",
  updated: "Updated",
  tags: "Tags",
  authors: "Authors",
  skipToContent: "Skip to content",
  allSections: "All Sections",
  home: "Home",
  newsFeed: "News feed",
  published: "Published",
};

const uk: UiStrings = {
  source: "Джерело",
  withReferenceTo: "з посиланням на",
  background: "Передісторія",
  photo: "Фото",
  updated: "Оновлено",
  tags: "Теги",
  authors: "Автори",
  skipToContent: "Перейти до змісту",
  allSections: "Усі розділи",
  home: "Головна",
  newsFeed: "Стрічка новин",
  published: "Опубліковано",
};

const ru: UiStrings = {
  source: "Источник",
  withReferenceTo: "со ссылкой на",
  background: "Предыстория",
  photo: "Фото",
  updated: "Обновлено",
  tags: "Теги",
  authors: "Авторы",
  skipToContent: "Перейти к содержанию",
  allSections: "Все разделы",
  home: "Главная",
  newsFeed: "Лента новостей",
  published: "Опубликовано",
};

const STRINGS: Record<string, UiStrings> = { en, uk, ru };

export function uiStrings(lang: string): UiStrings {
  return STRINGS[lang] ?? en;
}

export const SUPPORTED_UI_LANGUAGES = Object.keys(STRINGS);

// The newsroom's settings. Editors rarely touch this; `npm run check` validates it.
import { defineSite } from "../src/schema/site.ts";

export default defineSite({
  baseUrl: "https://example.org/",
  timeZone: "Europe/Kyiv",
  editions: [
    { id: "uk", lang: "uk", locale: "uk", prefix: "/", name: "Українська правда" },
    { id: "eng", lang: "en", locale: "en-GB", prefix: "/eng/", name: "Ukrainska Pravda" },
    { id: "rus", lang: "ru", locale: "ru", prefix: "/rus/", name: "Украинская правда" },
  ],
  sections: [
    { id: "news", title: { uk: "Новини", en: "News", ru: "Новости" } },
    { id: "politics", title: { uk: "Політика", en: "Politics", ru: "Политика" } },
    { id: "war", title: { uk: "Війна", en: "War", ru: "Война" } },
    { id: "economics", title: { uk: "Економіка", en: "Economics", ru: "Экономика" } },
    { id: "world", title: { uk: "Світ", en: "World", ru: "Мир" } },
  ],
  defaultSection: "news",
  pageSize: 20,
  feedSize: 50,
});

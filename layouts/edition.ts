/** Looks up the edition a page object belongs to. */
import type { EditionModel, SiteModel } from "../src/model/site.ts";

export function editionFor(site: SiteModel, id: string): EditionModel {
  const edition = site.editions.get(id);
  if (!edition) throw new Error(`no edition "${id}" in the site model`);
  return edition;
}

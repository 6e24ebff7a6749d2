/**
 * Images left on other sites (`remoteImages.hosts` in content/site.config.ts): which addresses
 * an article may show as they are, and what an editor is told about the others. Nothing here
 * touches the network: a build checks the address, never the image.
 */
/** An image shown from its host: never downloaded, resized or measured by the build. */
export interface RemoteImage {
  /** The absolute https: address, as written. */
  url: string;
  /** Given in the front matter (`image.width`, `image.height`), so the page keeps its place. */
  width?: number;
  height?: number;
}

export function isRemoteImage(image: object): image is RemoteImage {
  return "url" in image;
}

const LOCALISE = "or run npm run images:localise to download it next to the article";

/**
 * Why an image at this web address cannot be shown, or undefined when it can: an https: address
 * on one of `hosts` (exact host names, as the Content-Security-Policy lists them).
 */
export function remoteImageProblem(src: string, hosts: readonly string[]): string | undefined {
  let url: URL;
  try {
    // `//host/photo.jpg` takes the page's scheme: reported as the http: address it may become.
    url = new URL(src.startsWith("//") ? `http:${src}` : src);
  } catch {
    return `expected an image address such as "https://s3.amazonaws.com/bucket/photo.jpg", received "${src}", which is not a web address`;
  }
  if (url.protocol !== "https:") {
    const https = `https://${url.host}${url.pathname}`;
    return `expected an https: image address, received "${src}" (a page served over https may not load http: images): write ${https} if its host serves it, ${LOCALISE}`;
  }
  if (url.username || url.password) return `expected an image address without a user name or password, received "${src}"`;
  if (hosts.includes(url.host)) return undefined;
  const listed = hosts.length ? `(${hosts.join(", ")})` : "(none are)";
  return `expected an image next to the article or on a host listed in remoteImages.hosts of content/site.config.ts ${listed}, received "${src}" on the host "${url.host}": add "${url.host}" to remoteImages.hosts to show it from there, ${LOCALISE}`;
}

/** `img-src` sources for the Content-Security-Policy: exactly the listed hosts, over https. */
export function remoteImageSources(hosts: readonly string[]): string[] {
  return [...new Set(hosts)].map((host) => `https://${host}`);
}

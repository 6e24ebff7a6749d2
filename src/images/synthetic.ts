/** Synthetic photos for benchmarks: gradients, shapes and noise, so encoders do real work. */
import sharp from "sharp";

export async function syntheticPhoto(width: number, height: number, seed: number): Promise<Buffer> {
  let state = seed + 1;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const shapes = Array.from({ length: 40 }, () => {
    const hue = Math.floor(random() * 360);
    return `<circle cx="${Math.floor(random() * width)}" cy="${Math.floor(random() * height)}" r="${20 + Math.floor(random() * 200)}" fill="hsl(${hue},60%,55%)" fill-opacity="0.7"/>`;
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${seed % 360},50%,30%)"/><stop offset="1" stop-color="#f2cc8f"/></linearGradient>
<filter id="n"><feTurbulence type="fractalNoise" baseFrequency="0.02" numOctaves="3" seed="${seed}"/><feColorMatrix values="0 0 0 0 0.5 0 0 0 0 0.5 0 0 0 0 0.5 0 0 0 0.35 0"/></filter></defs>
<rect width="100%" height="100%" fill="url(#g)"/>${shapes}<rect width="100%" height="100%" filter="url(#n)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

/** Short product-like titles, never repeated within one bench run (so no cache hit hides compute). */

const BRANDS = ['Acme', 'Nordic', 'Zen', 'Vertex', 'Lumo', 'Orbit', 'Kite', 'Maple'];
const THINGS = [
  'wireless headphones', 'trail running shoes', 'cast iron skillet', 'camping tent', 'mechanical keyboard',
  'coffee grinder', 'yoga mat', 'desk lamp', 'travel backpack', 'electric toothbrush', 'water bottle', 'gaming mouse',
];
const TRAITS = ['with case', 'for kids', '2-pack', 'black', 'large', 'stainless steel', 'noise cancelling', 'waterproof'];

let counter = 0;

/** `n` new titles (about 6–10 tokens each), unique across every call in this process. */
export function freshTitles(n: number): string[] {
  return Array.from({ length: n }, () => {
    const i = counter++;
    return `${BRANDS[i % BRANDS.length]} ${THINGS[(i >> 3) % THINGS.length]} ${TRAITS[(i * 7) % TRAITS.length]} model ${i}`;
  });
}

import { PACK_FORMAT, PACK_VERSION, type PackFile } from '../../src/recommend/pack';
import { Rng } from '../../cli/train/rng';

const CATS = ['electronics.smartphone', 'computers.notebook', 'appliances.kitchen.washer', 'appliances.environment.vacuum', 'electronics.audio.headphone', 'furniture.living_room.sofa'];
const BRANDS = ['samsung', 'apple', 'xiaomi', 'lg', 'bosch', 'acer', 'lenovo', 'sony', 'philips', 'huawei'];

/** A catalog pack of n synthetic items `b0` … (3-word titles, 6 categories, 10 brands, prices, URLs; the first 500 trending), seeded by n: the recommend bench's and the worker test's. */
export function syntheticPack(n: number): string {
  const rng = new Rng(n);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.next() * xs.length)];
  const f: PackFile = { format: PACK_FORMAT, v: PACK_VERSION, n, id: [], title: [], url: [], category: [], brand: [], price: [], trending: [], together: [], togetherFrom: [] };
  for (let i = 0; i < n; i++) {
    const b = pick(BRANDS);
    const c = pick(CATS);
    f.id.push(`b${i}`);
    f.title!.push(`${b} ${c.split('.').pop()} ${Math.floor(rng.next() * 1000)}`);
    f.url!.push(`/p/b${i}`);
    f.category!.push(c);
    f.brand!.push(b);
    f.price!.push(Math.round(rng.next() * 100000) / 100);
  }
  for (let i = 0; i < Math.min(n, 500); i++) f.trending.push(i, 1000 - i);
  return JSON.stringify(f);
}

/**
 * Seeded v4 UUIDs, the same sequence `@faker-js/faker` gives for `faker.seed(n); faker.string.uuid()`
 * (its Mersenne Twister, 53-bit floats), so ids stay what they were without loading faker and its
 * locales (~40 MB) into a server at run time. test/world/random.test.ts holds the two side by side.
 */
const N = 624;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

function initialState(seed: number): number[] {
  const mt = new Array<number>(N);
  mt[0] = seed;
  for (let i = 1; i < N; i++) {
    const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = Math.trunc(Math.imul(1812433253, prev) + i);
  }
  return mt;
}

function twist(mt: number[]): number[] {
  for (let i = 0; i < N; i++) {
    const y = (mt[i] & UPPER) + (mt[(i + 1) % N] & LOWER);
    mt[i] = mt[(i + 397) % N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  return mt;
}

export class SeededUuid {
  private state: number[];
  private index = 0;

  constructor(seed: number) {
    this.state = twist(initialState(seed));
  }

  private nextU32(): number {
    let y = this.state[this.index];
    y ^= this.state[this.index] >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    if (++this.index >= N) {
      this.state = twist(this.state);
      this.index = 0;
    }
    return y >>> 0;
  }

  /** A float in [0, 1) from 53 random bits. */
  private next(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) * 1.1102230246251565e-16;
  }

  private hex(min: number, max: number): string {
    return Math.floor(this.next() * (max - min + 1) + min).toString(16);
  }

  uuid(): string {
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replaceAll('x', () => this.hex(0, 15)).replaceAll('y', () => this.hex(8, 11));
  }
}

/**
 * The trainer's dense inner loops over Float64Array rows of D values. The blocked kernels keep
 * several sums in locals (two rows x four columns) so each value read from memory is used more
 * than once, and they add in the same order as the plain dot/axpy loops: the same results to
 * the bit.
 */

/** a[ao..ao+D) . b[bo..bo+D), four sums at a time. */
export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, D: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < D; k += 4) {
    s0 += a[ao + k] * b[bo + k];
    s1 += a[ao + k + 1] * b[bo + k + 1];
    s2 += a[ao + k + 2] * b[bo + k + 2];
    s3 += a[ao + k + 3] * b[bo + k + 3];
  }
  for (; k < D; k++) s0 += a[ao + k] * b[bo + k];
  return s0 + s1 + s2 + s3;
}

/** y[yo..yo+D) += g * x[xo..xo+D) */
export function axpy(y: Float64Array, yo: number, g: number, x: Float64Array, xo: number, D: number): void {
  let k = 0;
  for (; k + 3 < D; k += 4) {
    y[yo + k] += g * x[xo + k];
    y[yo + k + 1] += g * x[xo + k + 1];
    y[yo + k + 2] += g * x[xo + k + 2];
    y[yo + k + 3] += g * x[xo + k + 3];
  }
  for (; k < D; k++) y[yo + k] += g * x[xo + k];
}

/**
 * out[r] = sum over j < J, in order, of G[r*rs + j*js] * M[j] (rows of D values), for r < R:
 * a matrix product with G read through strides (rs = ld, js = 1: G M; rs = 1, js = ld: G^T M).
 * Equal to filling out[r] with 0 and calling axpy(out, r, G[r, j], M, j) for j = 0, 1, ...
 */
export function weightedRows(out: Float64Array, R: number, G: Float64Array, rs: number, js: number, J: number, M: Float64Array, D: number): void {
  let r = 0;
  for (; r + 1 < R; r += 2) {
    const g0 = r * rs;
    const g1 = g0 + rs;
    const o0 = r * D;
    const o1 = o0 + D;
    let k = 0;
    for (; k + 3 < D; k += 4) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let j = 0, gj = 0, m = k; j < J; j++, gj += js, m += D) {
        const x = G[g0 + gj];
        const y = G[g1 + gj];
        const v0 = M[m], v1 = M[m + 1], v2 = M[m + 2], v3 = M[m + 3];
        a0 += x * v0;
        a1 += x * v1;
        a2 += x * v2;
        a3 += x * v3;
        b0 += y * v0;
        b1 += y * v1;
        b2 += y * v2;
        b3 += y * v3;
      }
      out[o0 + k] = a0;
      out[o0 + k + 1] = a1;
      out[o0 + k + 2] = a2;
      out[o0 + k + 3] = a3;
      out[o1 + k] = b0;
      out[o1 + k + 1] = b1;
      out[o1 + k + 2] = b2;
      out[o1 + k + 3] = b3;
    }
    for (; k < D; k++) {
      let a = 0, b = 0;
      for (let j = 0, gj = 0, m = k; j < J; j++, gj += js, m += D) {
        a += G[g0 + gj] * M[m];
        b += G[g1 + gj] * M[m];
      }
      out[o0 + k] = a;
      out[o1 + k] = b;
    }
  }
  for (; r < R; r++)
    for (let k = 0; k < D; k++) {
      let a = 0;
      for (let j = 0, gj = r * rs, m = k; j < J; j++, gj += js, m += D) a += G[gj] * M[m];
      out[r * D + k] = a;
    }
}

/** S[r*C + c] = dot(U, r*D, V, c*D, D) for r < R, c < C, two columns at a time (the same sums as dot). */
export function dotRows(S: Float64Array, U: Float64Array, R: number, V: Float64Array, C: number, D: number): void {
  for (let r = 0; r < R; r++) {
    const u = r * D;
    let c = 0;
    for (; c + 1 < C; c += 2) {
      const v = c * D;
      const w = v + D;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      let k = 0;
      for (; k + 3 < D; k += 4) {
        const x0 = U[u + k], x1 = U[u + k + 1], x2 = U[u + k + 2], x3 = U[u + k + 3];
        s0 += x0 * V[v + k];
        s1 += x1 * V[v + k + 1];
        s2 += x2 * V[v + k + 2];
        s3 += x3 * V[v + k + 3];
        t0 += x0 * V[w + k];
        t1 += x1 * V[w + k + 1];
        t2 += x2 * V[w + k + 2];
        t3 += x3 * V[w + k + 3];
      }
      for (; k < D; k++) {
        s0 += U[u + k] * V[v + k];
        t0 += U[u + k] * V[w + k];
      }
      S[r * C + c] = s0 + s1 + s2 + s3;
      S[r * C + c + 1] = t0 + t1 + t2 + t3;
    }
    if (c < C) S[r * C + c] = dot(U, u, V, c * D, D);
  }
}

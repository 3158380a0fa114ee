/** How deep and how wide a request body may be: far beyond any real request, far below harm. */
export interface ShapeLimits {
  /** Nested arrays and objects. */
  maxDepth: number;
  /** Members of one array or object. */
  maxMembers: number;
}

export const BODY_SHAPE_LIMITS: ShapeLimits = { maxDepth: 32, maxMembers: 1000 };

export type ShapeProblem = 'depth' | 'members';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

/**
 * Reads JSON text once, without parsing it, and says whether it nests deeper or lists more
 * members than `limits` allow. Runs before `JSON.parse` and class-transformer: both recurse
 * (or slow down) with depth, so a 256 KB body of `[[[[…` must be refused before either sees it.
 * Malformed text is left to the JSON parser, which refuses it.
 */
export function jsonShapeProblem(text: string, limits: ShapeLimits = BODY_SHAPE_LIMITS): ShapeProblem | undefined {
  // Commas seen in each open container: members = commas + 1.
  const commas: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (OPEN.has(c)) {
      if (commas.length >= limits.maxDepth) return 'depth';
      commas.push(0);
    } else if (CLOSE.has(c)) {
      commas.pop();
    } else if (c === COMMA && commas.length > 0) {
      commas[commas.length - 1] += 1;
      if (commas[commas.length - 1] >= limits.maxMembers) return 'members';
    }
  }
  return undefined;
}

/**
 * The same limits over a value already parsed (a form body: names, and repeated names as
 * arrays), walked without recursion.
 */
export function valueShapeProblem(value: unknown, limits: ShapeLimits = BODY_SHAPE_LIMITS): ShapeProblem | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= limits.maxDepth) return 'depth';
    const members = Array.isArray(node) ? node : Object.values(node);
    if (members.length > limits.maxMembers) return 'members';
    for (const member of members) stack.push([member, depth + 1]);
  }
  return undefined;
}

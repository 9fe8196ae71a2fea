import { readFileSync } from 'node:fs';

// The program headers of a 64-bit little-endian ELF file, enough to tell a static binary apart: it
// has no PT_INTERP (no dynamic loader is asked for) and no PT_DYNAMIC (nothing to link, nothing it
// could dlopen with).

const PT_DYNAMIC = 2;
const PT_INTERP = 3;

export interface ElfFacts {
  machine: number;
  hasInterpreter: boolean;
  hasDynamicSection: boolean;
}

export function readElfFacts(file: string): ElfFacts {
  const bytes = readFileSync(file);
  if (bytes.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file} is not an ELF file`);
  if (bytes[4] !== 2 || bytes[5] !== 1) throw new Error(`${file} is not a 64-bit little-endian ELF file`);
  const programHeaders = Number(bytes.readBigUInt64LE(0x20));
  const entrySize = bytes.readUInt16LE(0x36);
  const count = bytes.readUInt16LE(0x38);
  const types = Array.from({ length: count }, (_, index) => bytes.readUInt32LE(programHeaders + index * entrySize));
  return {
    machine: bytes.readUInt16LE(0x12),
    hasInterpreter: types.includes(PT_INTERP),
    hasDynamicSection: types.includes(PT_DYNAMIC),
  };
}

export const EM_X86_64 = 62;

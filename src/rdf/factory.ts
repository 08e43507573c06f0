/**
 * The RDF/JS DataFactory of n3, loaded from n3's data-factory module alone: importing n3's main entry would
 * load its parser, writer, store and reasoner too, which the package entry does not need (see bench/query).
 * @module
 */
import type { DataFactory as N3DataFactory } from 'n3';
// n3 ships no types for its internal module path; its default export is the same object as n3's DataFactory.
// @ts-expect-error -- untyped deep import, typed below
import * as factoryModule from 'n3/lib/N3DataFactory.js';

type Factory = typeof N3DataFactory;
const mod = factoryModule as unknown as { default?: Factory & { default?: Factory } } & Factory;

/** n3's DataFactory (namedNode, literal, quad, …), producing the same term classes as `import { DataFactory } from 'n3'`. */
export const DataFactory: Factory = mod.default?.default ?? mod.default ?? mod;

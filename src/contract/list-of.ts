import { Type, type TArrayOptions, type TSchema } from 'typebox';

/** An array schema whose static type is `readonly T[]`: producers may hand over their readonly lists as they are. */
export const listOf = <Item extends TSchema>(item: Item, options?: TArrayOptions) => Type.Immutable(Type.Array(item, options));

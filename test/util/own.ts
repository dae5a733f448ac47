import { nullRecord, type OwnRecord } from '../../shared/src/records';

/** The null-prototype record the code builds for user-chosen names: what `assert.deepEqual` should expect. */
export function own<V>(o: Record<string, V>): OwnRecord<V> {
  return nullRecord(Object.entries(o));
}

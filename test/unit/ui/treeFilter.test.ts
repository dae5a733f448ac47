import assert from 'node:assert/strict';
import { keyFilter } from '../../../client/src/tree/filter';
import { page } from '../../../client/src/tree/paging';

describe('tree filter and paging', () => {
  it('matches anywhere, ignoring case, without wildcards', () => {
    const f = keyFilter(' pass ')!;
    assert.equal(f.text, 'pass');
    assert.equal(f.matches('DB_PASSWORD'), true);
    assert.equal(f.matches('TOKEN'), false);
  });

  it('matches the whole key with * and ?', () => {
    const f = keyFilter('db_*')!;
    assert.equal(f.matches('DB_PASSWORD'), true);
    assert.equal(f.matches('MY_DB_PASSWORD'), false);
    assert.equal(keyFilter('KEY?')!.matches('KEY1'), true);
    assert.equal(keyFilter('KEY?')!.matches('KEY12'), false);
  });

  it('treats regular-expression characters literally', () => {
    assert.equal(keyFilter('a.b')!.matches('axb'), false);
    assert.equal(keyFilter('a.b')!.matches('A.B'), true);
    assert.equal(keyFilter('(x)')!.matches('(X)'), true);
  });

  it('blank text is no filter', () => {
    assert.equal(keyFilter('   '), undefined);
  });

  it('pages lists', () => {
    assert.deepEqual(page([1, 2, 3], 2), { shown: [1, 2], hidden: 1 });
    assert.deepEqual(page([1, 2, 3], 5), { shown: [1, 2, 3], hidden: 0 });
  });
});

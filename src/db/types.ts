// Column types that carry the domain's own values: business dates as Temporal.PlainDate.
import { customType } from 'drizzle-orm/pg-core';
import { Temporal } from 'temporal-polyfill';
import { remember, type BusinessDate } from '../domain/dates.js';

/**
 * A PostgreSQL `date` read and written as a JST business date. Reading one is remembered by its
 * text: a batch of cycles carries thousands of dates over a few hundred distinct days.
 */
export const businessDate = customType<{ data: BusinessDate; driverData: string }>({
  dataType: () => 'date',
  toDriver: (value) => value.toString(),
  fromDriver: (value) => {
    const text = String(value);
    let date = read.get(text);
    if (date === undefined) remember(read, text, (date = Temporal.PlainDate.from(text)));
    return date;
  },
});

const read = new Map<string, BusinessDate>();

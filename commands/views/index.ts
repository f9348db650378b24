// Every modal submission the app handles.
import type { AppDeps } from '../context.js';
import { register as apply } from './apply.js';
import { register as cancel } from './cancel.js';
import { register as certificate } from './certificate.js';
import { register as change } from './change.js';
import { register as decide } from './decide.js';
import { register as quote } from './quote.js';
import type { Routes } from '../routes.js';

export function register(app: Routes, deps: AppDeps): void {
  for (const r of [quote, apply, cancel, change, certificate, decide]) r(app, deps);
}

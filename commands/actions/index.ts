// Every block action the app handles: buttons in messages, modals and the App Home.
import type { AppDeps } from '../context.js';
import { register as abolish } from './abolish.js';
import { register as application } from './application.js';
import { register as cancelForm } from './cancel-form.js';
import { register as change } from './change.js';
import { register as home } from './home.js';
import { register as renewal } from './renewal.js';
import type { Routes } from '../routes.js';

export function register(app: Routes, deps: AppDeps): void {
  for (const r of [renewal, application, change, cancelForm, home, abolish]) r(app, deps);
}

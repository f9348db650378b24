// The app's buttons and modals, each kind behind one Bolt listener that routes by id. Bolt runs
// every request through the middleware chain of every listener it has (App.processEvent): with a
// listener per button and per modal, each slash command passed through twenty chains, most of a
// bare Bolt app's time per request again. Routed, a request passes one chain per kind.
import type {
  App,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';

/** Where a listener registers the buttons and modals it answers, by action_id and callback_id. */
export interface Routes {
  action<A extends SlackAction = SlackAction>(
    actionId: string,
    listener: Middleware<SlackActionMiddlewareArgs<A>>,
  ): void;
  view<V extends SlackViewAction = ViewSubmitAction>(
    callbackId: string,
    listener: Middleware<SlackViewMiddlewareArgs<V>>,
  ): void;
}

type AnyAction = Middleware<SlackActionMiddlewareArgs>;
type AnyView = Middleware<SlackViewMiddlewareArgs>;

/** A pattern that matches these ids exactly, and nothing else: Bolt leaves any other request unhandled, as before. */
function exactly(ids: Iterable<string>): RegExp {
  const escaped = [...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})$`);
}

/** Routes for `app`: register the listeners, then `mount` adds one Bolt listener for the buttons and one for the modals. */
export function routesOn(app: App): Routes & { mount: () => void } {
  const actions = new Map<string, AnyAction>();
  const views = new Map<string, AnyView>();
  const once = <T>(table: Map<string, T>, kind: string, id: string, listener: T) => {
    if (table.has(id)) throw new Error(`two listeners for the ${kind} ${id}`);
    table.set(id, listener);
  };
  return {
    action: (actionId, listener) => once(actions, 'action', actionId, listener as unknown as AnyAction),
    view: (callbackId, listener) => once(views, 'view', callbackId, listener as unknown as AnyView),
    mount: () => {
      if (actions.size)
        app.action(exactly(actions.keys()), async (args) => {
          const id = 'action_id' in args.action ? String(args.action.action_id) : '';
          await actions.get(id)!(args);
        });
      if (views.size)
        app.view({ callback_id: exactly(views.keys()), type: 'view_submission' }, async (args) => {
          await views.get(args.view.callback_id)!(args);
        });
    },
  };
}

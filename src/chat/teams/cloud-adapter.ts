// botbuilder's CloudAdapter, opened just enough to run a turn on a request we authenticated ourselves.
import { CloudAdapter, type Activity, type TurnContext } from 'botbuilder';

/** botframework-connector's AuthenticateRequestResult, as botbuilder takes it. */
export type AuthenticateRequestResult = Exclude<Parameters<CloudAdapter['processActivityDirect']>[0], string>;

export class TeamsCloudAdapter extends CloudAdapter {
  /**
   * CloudAdapter.process answers 500 for some authentication failures (a bad signature is a
   * JsonWebTokenError, not an AuthenticationError) and prints errors to the console; the route
   * authenticates first and then runs the turn here with the result.
   */
  runAuthenticated(
    authentication: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<{ status: number; body?: unknown } | undefined> {
    return this.processActivity(authentication, activity, logic);
  }
}

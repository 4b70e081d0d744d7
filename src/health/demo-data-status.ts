/** Whether the demo data set is loaded; the service answers while it loads in the background. */
export class DemoDataStatus {
  state: 'not-requested' | 'loading' | 'ready' | 'present' | 'failed' = 'not-requested';
  detail = '';
}

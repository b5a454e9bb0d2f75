import { lazyChart } from '../../lib/lazy-chart';

/** The training charts, loaded when first shown (see lazyChart); their heights match the charts'. */
export const RmseChart = lazyChart(() => import('./rmse-chart').then((m) => m.RmseChart), 272);
export const RankingChart = lazyChart(() => import('./ranking-chart').then((m) => m.RankingChart), 232);

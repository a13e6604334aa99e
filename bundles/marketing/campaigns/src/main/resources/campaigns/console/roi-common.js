// What the campaign ROI panel and the marketing overview share: the attribution models' labels and how an amount or
// a return reads (amounts in the campaign cost's currency; without one, as plain numbers, as the API adds them).
import { formatMoney, formatNumber } from '/app/sdk/v1.js';

export const MODELS = [
  { key: 'firstTouch', label: 'First touch' },
  { key: 'lastTouch', label: 'Last touch' },
  { key: 'linear', label: 'Linear' },
];

export function money(amount, currency) {
  if (amount === null || amount === undefined) return '—';
  return currency ? formatMoney({ amount, currency }) : formatNumber(amount);
}

export function percent(roi) {
  return roi === null || roi === undefined ? '—' : `${formatNumber(roi)} %`;
}

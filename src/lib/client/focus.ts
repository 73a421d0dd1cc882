/**
 * Moves focus to a message or a one-time code that has just appeared, so keyboard and
 * screen-reader users land on it instead of at the top of the page or far below it.
 */
export function focusOnMount(node: HTMLElement): void {
	if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
	node.focus();
	node.scrollIntoView({ block: 'center' });
}

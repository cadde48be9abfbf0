import { render } from 'preact';
import { PopupApp } from '../../src/ui/popup-app';
import '../../src/ui/styles.css';

render(<PopupApp />, document.getElementById('app')!);

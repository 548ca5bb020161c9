import { render } from 'solid-js/web';
import { App } from './App.tsx';
import { bootstrap } from './session.ts';
import './styles.css';

void bootstrap();
render(() => <App />, document.getElementById('root')!);

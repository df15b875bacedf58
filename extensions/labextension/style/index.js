import './index.css';
import './problems.css';
